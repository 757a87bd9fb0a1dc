// The dashboard subgraph's composition root (the kit's live-subgraph wiring: config, store, bus, server).
import { runLiveSubgraph } from '@expensio/kit';
import { configureDashboard } from './app.ts';
import { buildDashboardServer } from './server.ts';

await runLiveSubgraph({ service: 'dashboard', port: 4005, configure: configureDashboard, buildServer: buildDashboardServer });
