// The income subgraph's composition root (the kit's runRecordSubgraph: config, log, store, bus,
// runtime, server, in that order; shutdown in reverse).
import { loadConfig, runRecordSubgraph } from '@expensio/kit';
import { configureIncome } from './app.ts';
import { configSchema } from './config.ts';
import { buildIncomeServer } from './server.ts';

await runRecordSubgraph({ config: loadConfig(configSchema), configure: configureIncome, buildServer: buildIncomeServer });
