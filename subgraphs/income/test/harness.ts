// The income subgraph as main.ts starts it, on a Kafka namespace and a database of its own (see
// startSubgraphHarness), with what it publishes collected by a real consumer.
import { TOPICS } from '@expensio/events';
import { createLogger, startRecordSubgraph } from '@expensio/kit';
import { startSubgraphHarness } from '@expensio/testing';
import { configureIncome, type IncomeOptions } from '../src/app.ts';
import { buildIncomeServer } from '../src/server.ts';

export const startIncomeSubgraph = (options: IncomeOptions = {}) =>
  startSubgraphHarness({
    name: 'income',
    topic: TOPICS.income,
    start: ({ auth, ...parts }) =>
      startRecordSubgraph({ parts: { ...parts, log: createLogger({ service: 'income-test', level: 'warn' }) }, verifier: { jwks: auth.jwks }, configure: (parts) => configureIncome(parts, options), buildServer: buildIncomeServer }),
  });
export type IncomeHarness = Awaited<ReturnType<typeof startIncomeSubgraph>>;
