// The chat subgraph's composition root (the kit's live-subgraph wiring: config, store, bus, server).
import { runLiveSubgraph } from '@expensio/kit';
import { configureChat } from './app.ts';
import { buildChatServer } from './server.ts';

await runLiveSubgraph({ service: 'chat', port: 4006, configure: configureChat, buildServer: buildChatServer });
