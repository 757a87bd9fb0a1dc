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
import { createLogger, createTokenVerifier, type OpenAiConfig } from '@expensio/kit';
import { createKafkaTestNamespace, createTestAuth, createTestMongoDb, graphqlRequest } from '@expensio/testing';
import { vi } from 'vitest';
import { configureFinancialData } from '../src/app.ts';
import { buildFinancialDataServer } from '../src/server.ts';

export type FinancialEvent = EventsOfTopic<typeof TOPICS.financialData>;

export async function startFinancialDataSubgraph({ now = new Date('2026-06-10T12:00:00Z'), openai = null }: { now?: Date; openai?: OpenAiConfig | null } = {}) {
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
    openai,
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
export type FinancialTestUser = Awaited<ReturnType<FinancialHarness['registerUser']>>;

/** Waits until a month holds `count` expenses (also in a hook, where expect.poll is not allowed). */
export async function waitForExpenseCount(h: FinancialHarness, userId: string, month: string, count: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const actual = (await h.app.months.get(userId, month))?.figures.expenses.count;
      if (actual !== count) throw new Error(`${month}: ${actual ?? 0} expenses, waiting for ${count}`);
    },
    { timeout: 30_000, interval: 100 },
  );
}

/** The titles `seedSpring` gives its expenses: text a user typed, which no summary may send out. */
export const SEEDED_TITLES = ['Dinner at Chez Odette', 'Rent for Rue Lepic', 'Birthday cake for Margot'] as const;

/**
 * A user (EUR, UTC) with food 300.00 in March, April and May, housing 500.00 in May, and in June
 * (day 10 of 30 on the default clock): food 200.00 regretful (impulseBuying, emotionalSpending),
 * food 100.00 happy (impulseBuying), housing 500.00 neutral recurring (obligation). Waits until the
 * months are applied.
 */
export async function seedSpring(h: FinancialHarness): Promise<FinancialTestUser> {
  const u = await h.registerUser({ baseCurrency: 'EUR', timeZone: 'UTC' });
  let n = 0;
  const e = (minor: number, day: string, fields: Partial<ExpenseSnapshot> = {}) =>
    u.expenseCreated(u.expense({ amount: { minor, currency: 'EUR' }, occurredAt: `${day}T12:00:00Z`, title: SEEDED_TITLES[n++ % SEEDED_TITLES.length]!, ...fields }));
  await h.ns.producer.publish([
    e(30_000, '2026-03-05', { categoryCode: 'food' }),
    e(30_000, '2026-04-05', { categoryCode: 'food' }),
    e(30_000, '2026-05-05', { categoryCode: 'food' }),
    e(50_000, '2026-05-06', { categoryCode: 'housing' }),
    e(20_000, '2026-06-02', { categoryCode: 'food', mood: 'regretful', cognitiveTriggers: ['impulseBuying', 'emotionalSpending'] }),
    e(10_000, '2026-06-03', { categoryCode: 'food', mood: 'happy', cognitiveTriggers: ['impulseBuying'] }),
    e(50_000, '2026-06-04', { categoryCode: 'housing', mood: 'neutral', cognitiveTriggers: ['obligation'], isRecurring: true }),
  ]);
  await waitForExpenseCount(h, u.userId, '2026-06', 3);
  await waitForExpenseCount(h, u.userId, '2026-03', 1);
  return u;
}

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
