// Starts the financial-data subgraph the way main.ts does, on a Kafka namespace and a database of
// its own, with a test signing key and a settable clock, and collects what it publishes.
import { randomUUID } from 'node:crypto';
import {
  createConsumerRunner,
  createEvent,
  sourceOf,
  TOPICS,
  type EventsOfTopic,
  type ExpenseSnapshot,
  type IncomeSnapshot,
} from '@expensio/events';
import { createLogger, createTokenVerifier } from '@expensio/kit';
import { createKafkaTestNamespace, createTestAuth, createTestMongoDb, graphqlRequest } from '@expensio/testing';
import { configureFinancialData } from '../src/app.ts';
import { buildFinancialDataServer } from '../src/server.ts';

export type FinancialEvent = EventsOfTopic<typeof TOPICS.financialData>;

export async function startFinancialDataSubgraph({ now = new Date('2026-06-10T12:00:00Z') }: { now?: Date } = {}) {
  const ns = await createKafkaTestNamespace();
  const mongo = await createTestMongoDb('financial');
  const log = createLogger({ service: 'financial-data-test', level: 'warn' });
  const clock = { now };
  const app = await configureFinancialData({
    db: mongo.db,
    kafka: ns.kafka,
    producer: ns.producer,
    topicPrefix: ns.topicPrefix,
    log,
    now: () => clock.now,
    groups: { aggregates: ns.groupId('financial-data.aggregates'), users: ns.groupId('financial-data.users') },
  });
  app.relay.start();
  await app.users.start();
  await app.aggregates.start();
  const auth = await createTestAuth();
  const server = await buildFinancialDataServer(app.deps, { log, verifier: createTokenVerifier({ jwks: auth.jwks }) });
  const { url } = await server.listen(0, '127.0.0.1');

  // Everything published on the financial-data topic, as the dashboard would see it.
  const published: FinancialEvent[] = [];
  const watcher = createConsumerRunner({
    kafka: ns.kafka,
    groupId: ns.groupId('financial-watcher'),
    topics: [TOPICS.financialData],
    topicPrefix: ns.topicPrefix,
    deadLetters: ns.producer,
    handle: async (event) => {
      published.push(event);
    },
  });
  await watcher.start();

  /** Registers a user the way the user subgraph does (USER_REGISTERED) and waits for the copy. */
  async function registerUser(profile: { baseCurrency?: string; timeZone?: string } = {}) {
    const userId = randomUUID();
    const timeZone = profile.timeZone ?? 'Europe/Paris';
    const baseCurrency = profile.baseCurrency ?? 'EUR';
    await ns.producer.publish([
      createEvent(
        'USER_REGISTERED',
        { userId, email: `${userId}@example.com`, username: `u${userId.slice(0, 8)}`, firstName: 'Test', baseCurrency, timeZone },
        { subject: userId, source: sourceOf('user') },
      ),
    ]);
    await app.directory.get(userId, { waitMs: 30_000 });
    const token = await auth.token(userId);
    return {
      userId,
      token,
      timeZone,
      gql: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => graphqlRequest<T>(url, query, variables, token),
      ...sourceEvents(userId, timeZone),
    };
  }

  return {
    url,
    ns,
    mongo,
    app,
    auth,
    clock,
    published,
    registerUser,
    eventsOf: (userId: string) => published.filter((e) => e.subject === userId),
    async stop() {
      await watcher.stop();
      await app.aggregates.stop();
      await app.users.stop();
      await app.relay.stop();
      await server.close();
      await mongo.drop();
      await ns.cleanup();
    },
  };
}
export type FinancialHarness = Awaited<ReturnType<typeof startFinancialDataSubgraph>>;

/** Builders of the expense and income events the expense and income subgraphs publish. */
export function sourceEvents(userId: string, timeZone: string) {
  const opts = { subject: userId, source: sourceOf('expense') };
  const expense = (fields: Partial<ExpenseSnapshot> & { amount: ExpenseSnapshot['amount']; occurredAt: string }): ExpenseSnapshot => ({
    expenseId: randomUUID(),
    userId,
    title: 'Something',
    categoryCode: 'food',
    mood: null,
    cognitiveTriggers: [],
    expenseType: null,
    paymentMethod: 'unknown',
    merchant: null,
    tags: [],
    isRecurring: false,
    timeZone,
    version: 1,
    ...fields,
  });
  const income = (fields: Partial<IncomeSnapshot> & { amount: IncomeSnapshot['amount']; receivedAt: string }): IncomeSnapshot => ({
    incomeId: randomUUID(),
    userId,
    title: 'Pay',
    categoryCode: 'salaryWages',
    incomeType: 'primary',
    tags: [],
    isRecurring: false,
    timeZone,
    version: 1,
    ...fields,
  });
  return {
    expense,
    income,
    expenseCreated: (s: ExpenseSnapshot) => createEvent('EXPENSE_CREATED', s, opts),
    expenseUpdated: (before: ExpenseSnapshot, after: ExpenseSnapshot) =>
      createEvent('EXPENSE_UPDATED', { expenseId: before.expenseId, userId, version: after.version, before, after, changedFields: ['amount'] }, opts),
    expenseDeleted: (before: ExpenseSnapshot) =>
      createEvent('EXPENSE_DELETED', { expenseId: before.expenseId, userId, version: before.version + 1, deletedAt: '2026-06-01T00:00:00Z', before }, opts),
    incomeCreated: (s: IncomeSnapshot) => createEvent('INCOME_CREATED', s, { ...opts, source: sourceOf('income') }),
    incomeUpdated: (before: IncomeSnapshot, after: IncomeSnapshot) =>
      createEvent('INCOME_UPDATED', { incomeId: before.incomeId, userId, version: after.version, before, after, changedFields: ['amount'] }, { ...opts, source: sourceOf('income') }),
    incomeDeleted: (before: IncomeSnapshot) =>
      createEvent('INCOME_DELETED', { incomeId: before.incomeId, userId, version: before.version + 1, deletedAt: '2026-06-01T00:00:00Z', before }, { ...opts, source: sourceOf('income') }),
  };
}
