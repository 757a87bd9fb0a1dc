// The expense subgraph's composition root (the kit's runRecordSubgraph: config, log, store, bus,
// runtime, server, in that order; shutdown in reverse).
import { loadConfig, runRecordSubgraph } from '@expensio/kit';
import { configureExpense } from './app.ts';
import { configSchema } from './config.ts';
import { buildExpenseServer } from './server.ts';

await runRecordSubgraph({ config: loadConfig(configSchema), configure: configureExpense, buildServer: buildExpenseServer });
