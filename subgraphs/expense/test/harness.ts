// The expense subgraph as main.ts starts it, on a Kafka namespace and a database of its own (see
// startSubgraphHarness), with what it publishes collected by a real consumer.
import { TOPICS } from '@expensio/events';
import { createLogger, startRecordSubgraph } from '@expensio/kit';
import { startSubgraphHarness } from '@expensio/testing';
import { configureExpense, type ExpenseOptions } from '../src/app.ts';
import { buildExpenseServer } from '../src/server.ts';

export const startExpenseSubgraph = (options: ExpenseOptions = {}) =>
  startSubgraphHarness({
    name: 'expense',
    topic: TOPICS.expense,
    start: ({ auth, ...parts }) =>
      startRecordSubgraph({ parts: { ...parts, log: createLogger({ service: 'expense-test', level: 'warn' }) }, verifier: { jwks: auth.jwks }, configure: (parts) => configureExpense(parts, options), buildServer: buildExpenseServer }),
  });
export type ExpenseHarness = Awaited<ReturnType<typeof startExpenseSubgraph>>;
