import { randomUUID } from 'node:crypto';
import { createEvent, sourceOf, type MonthlyFigures } from '@expensio/events';
import { createLogger, createTokenVerifier, monthOf } from '@expensio/kit';
import { createKafkaTestNamespace, createTestAuth, createTestMongoDb, dataOf, graphqlRequest, type KafkaTestNamespace, type TestAuth } from '@expensio/testing';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { configureDashboard } from '../src/app.ts';
import { emptyDashboard } from '../src/domain/dashboardState.ts';
import { decodeState, type DashboardDoc } from '../src/domain/stateCodec.ts';
import { buildDashboardServer } from '../src/server.ts';

const TZ = 'Europe/Paris';

function figures(spentMinor: number, count: number): MonthlyFigures {
  return {
    expenses: { amounts: { EUR: spentMinor }, count },
    incomes: { amounts: { EUR: 300_000 }, count: 1 },
    byCategory: [{ categoryCode: 'food', amounts: { EUR: spentMinor }, count }],
    byMood: [{ mood: 'regretful', amounts: { EUR: spentMinor }, count }],
    byTrigger: [{ trigger: 'impulseBuying', amounts: { EUR: spentMinor }, count }],
    byIncomeCategory: [{ categoryCode: 'salaryWages', amounts: { EUR: 300_000 }, count: 1 }],
    byPaymentMethod: [{ paymentMethod: 'cash', amounts: { EUR: spentMinor }, count }],
    byExpenseType: [],
    recurring: { amounts: {}, count: 0 },
  };
}

describe('dashboard subgraph: read model from events, live over graphql-ws, on every replica', () => {
  let ns: KafkaTestNamespace;
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;
  let auth: TestAuth;
  const replicas: { url: string; stop: () => Promise<void> }[] = [];
  const clients: Client[] = [];
  const month = monthOf(new Date(), TZ);

  beforeAll(async () => {
    ns = await createKafkaTestNamespace();
    mongo = await createTestMongoDb('dashboard');
    auth = await createTestAuth();
    // Two replicas on one database and one projection group, as two pods would run.
    for (let i = 0; i < 2; i++) {
      const log = createLogger({ service: `dashboard-test-${i}`, level: 'warn' });
      const { deps, relay, consumers } = configureDashboard({ db: mongo.db, kafka: ns.kafka, producer: ns.producer, topicPrefix: ns.topicPrefix, log });
      relay.start();
      for (const c of consumers) await c.start();
      const server = await buildDashboardServer(deps, { log, verifier: createTokenVerifier({ jwks: auth.jwks }) });
      const { url } = await server.listen(0, '127.0.0.1');
      replicas.push({
        url,
        stop: async () => {
          await server.close();
          await Promise.all(consumers.map((c) => c.stop()));
          await relay.stop();
        },
      });
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const r of replicas) await r.stop();
    await ns.cleanup();
    await mongo.drop();
  });

  async function registerUser() {
    const userId = randomUUID();
    await ns.producer.publish([
      createEvent('USER_REGISTERED', { userId, email: `${userId}@example.com`, username: `u${userId.slice(0, 6)}`, firstName: 'Dee', baseCurrency: 'EUR', timeZone: TZ }, { subject: userId, source: sourceOf('user') }),
    ]);
    return { userId, token: await auth.token(userId) };
  }

  const monthUpdate = (userId: string, version: number, spentMinor: number, count: number) =>
    createEvent(
      'FINANCIALDATA_UPDATED',
      { userId, month, timeZone: TZ, version, figures: figures(spentMinor, count), changes: [{ type: 'EXPENSE_CREATED', id: randomUUID(), entityId: randomUUID(), entityVersion: 1 }] },
      { subject: userId, source: sourceOf('financial-data') },
    );

  function subscribe(url: string, token: string) {
    const received: { totalSpent: { amount: string }; expenseCount: number; revision: number }[] = [];
    const errors: unknown[] = [];
    const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    clients.push(client);
    client.subscribe<{ dashboardUpdated: (typeof received)[number] }>(
      { query: 'subscription { dashboardUpdated { totalSpent { amount } expenseCount revision } }' },
      { next: (m) => (m.data ? received.push(m.data.dashboardUpdated) : errors.push(m.errors)), error: (e) => errors.push(e), complete: () => {} },
    );
    return { received, errors };
  }

  it('serves the current month from FINANCIALDATA_UPDATED and the latest expenses (with their title and amount) from EXPENSE_CREATED', async () => {
    const { userId, token } = await registerUser();
    const expenseId = randomUUID();
    await ns.producer.publish([
      monthUpdate(userId, 1, 2_500, 1),
      createEvent('EXPENSE_CREATED', {
        expenseId, userId, title: 'Pizza', amount: { minor: 2_500, currency: 'EUR' }, categoryCode: 'food', mood: 'regretful', cognitiveTriggers: ['impulseBuying'],
        expenseType: null, paymentMethod: 'cash', merchant: null, tags: [], isRecurring: false, occurredAt: new Date().toISOString(), timeZone: TZ, version: 1,
      }, { subject: userId, source: sourceOf('expense') }),
    ]);
    const query = '{ dashboard { month baseCurrency totalSpent { amount currency } totalEarned { amount } net { amount } expenseCount byCategory { categoryCode shareOfAmount } latestExpenses { id title amount { amount currency minorUnits } } trend { month } insights { kind } user { id firstName } } }';
    // The expense and the month figures come through two consumer groups (app.ts), so either can
    // show first: wait for the state that has both.
    const read = async () => dataOf(await graphqlRequest<{ dashboard: Record<string, unknown> }>(replicas[0]!.url, query, {}, token)).dashboard;
    await expect.poll(async () => {
      const d = await read();
      return { expenseCount: d.expenseCount, latest: (d.latestExpenses as unknown[]).length };
    }, { timeout: 30_000 }).toEqual({ expenseCount: 1, latest: 1 });
    const dashboard = await read();
    expect(dashboard).toMatchObject({
      month, baseCurrency: 'EUR', totalSpent: { amount: '25.00', currency: 'EUR' }, totalEarned: { amount: '3000.00' }, net: { amount: '2975.00' },
      expenseCount: 1, byCategory: [{ categoryCode: 'food', shareOfAmount: 1 }],
      // The read model's own copies (@provides): served without the expense or user subgraph.
      latestExpenses: [{ id: expenseId, title: 'Pizza', amount: { amount: '25.00', currency: 'EUR', minorUnits: '2500' } }],
      user: { id: userId, firstName: 'Dee' },
    });
    expect((dashboard.trend as { month: string }[]).map((t) => t.month).at(-1)).toBe(month);
    // All of the month's spending is tagged regretful (the figures above).
    expect((dashboard.insights as { kind: string }[]).map((i) => i.kind)).toContain('REGRETFUL_SHARE');
  });

  it('folds a burst of one user\'s events into its dashboard, and a redelivered burst changes nothing', async () => {
    const { userId, token } = await registerUser();
    const created = Array.from({ length: 6 }, (_, i) =>
      createEvent('EXPENSE_CREATED', {
        expenseId: randomUUID(), userId, title: `Burst ${i}`, amount: { minor: 100 * (i + 1), currency: 'EUR' }, categoryCode: 'food', mood: 'neutral', cognitiveTriggers: [],
        expenseType: null, paymentMethod: 'cash', merchant: null, tags: [], isRecurring: false, occurredAt: new Date(Date.now() - (6 - i) * 60_000).toISOString(), timeZone: TZ, version: 1,
      }, { subject: userId, source: sourceOf('expense') }),
    );
    // One publish: the projection most likely fetches them as one batch (one write for the user).
    await ns.producer.publish(created);
    const query = '{ dashboard { latestExpenses { id } } }';
    const ids = async () =>
      (await graphqlRequest<{ dashboard: { latestExpenses: { id: string }[] } }>(replicas[0]!.url, query, {}, token)).data?.dashboard.latestExpenses.map((e) => e.id);
    await expect.poll(ids, { timeout: 30_000 }).toHaveLength(6);
    // Newest first.
    expect(await ids()).toEqual(created.map((e) => e.data.expenseId).reverse());
    const dashboards = mongo.db.collection<DashboardDoc>('dashboards');
    const revision = (await dashboards.findOne({ _id: userId }))?.revision;
    // Redelivered (a replay, a producer retry): recognised by event id, nothing rewritten. The
    // marker after it is on the same topic and key, so the same consumer applies it after the
    // redelivery: one revision more means the redelivery itself wrote nothing.
    await ns.producer.publish(created);
    const marker = createEvent('EXPENSE_CREATED', { ...created[0]!.data, expenseId: randomUUID(), title: 'Marker', occurredAt: new Date().toISOString() }, { subject: userId, source: sourceOf('expense') });
    await ns.producer.publish([marker]);
    await expect.poll(async () => (await dashboards.findOne({ _id: userId }))?.revision, { timeout: 30_000 }).toBe(revision! + 1);
    expect(await ids()).toEqual([marker.data.expenseId, ...created.map((e) => e.data.expenseId).reverse()]);
  });

  it('reads a dashboard an older build stored as objects, and stores it as text when it next changes', async () => {
    const { userId, token } = await registerUser();
    const dashboards = mongo.db.collection<DashboardDoc>('dashboards');
    const older = {
      ...emptyDashboard(),
      revision: 3,
      latestExpenses: [{ id: randomUUID(), at: new Date(Date.now() - 3_600_000).toISOString(), version: 1, deleted: false, title: 'Older', amount: { minor: 900, currency: 'EUR' } }],
    };
    await dashboards.insertOne({ _id: userId, state: older, recent: [] });
    const titles = async () => (await graphqlRequest<{ dashboard: { latestExpenses: { title: string }[] } }>(replicas[1]!.url, '{ dashboard { latestExpenses { title } } }', {}, token)).data?.dashboard.latestExpenses.map((e) => e.title);
    expect(await titles()).toEqual(['Older']);
    await ns.producer.publish([
      createEvent('EXPENSE_CREATED', {
        expenseId: randomUUID(), userId, title: 'Newer', amount: { minor: 1_100, currency: 'EUR' }, categoryCode: 'food', mood: null, cognitiveTriggers: [],
        expenseType: null, paymentMethod: 'cash', merchant: null, tags: [], isRecurring: false, occurredAt: new Date().toISOString(), timeZone: TZ, version: 1,
      }, { subject: userId, source: sourceOf('expense') }),
    ]);
    await expect.poll(titles, { timeout: 30_000 }).toEqual(['Newer', 'Older']);
    const stored = (await dashboards.findOne({ _id: userId }))!;
    expect(typeof stored.state).toBe('string');
    expect(stored.revision).toBe(4);
    expect(decodeState(stored.state).revision).toBe(4);
  });

  it("pushes the new dashboard to the user's subscribers on every replica, and nothing to anyone else", async () => {
    const ada = await registerUser();
    const bob = await registerUser();
    await ns.producer.publish([monthUpdate(ada.userId, 1, 1_000, 1)]);
    await expect.poll(async () => (await graphqlRequest<{ dashboard: { expenseCount: number } }>(replicas[1]!.url, '{ dashboard { expenseCount } }', {}, ada.token)).data?.dashboard.expenseCount, { timeout: 30_000 }).toBe(1);

    const onA = subscribe(replicas[0]!.url, ada.token);
    const onB = subscribe(replicas[1]!.url, ada.token);
    const bobs = subscribe(replicas[0]!.url, bob.token);
    await new Promise((r) => setTimeout(r, 500)); // sockets connected
    await ns.producer.publish([monthUpdate(ada.userId, 2, 4_200, 2)]);

    for (const sub of [onA, onB]) {
      await expect.poll(() => sub.received.at(-1)?.expenseCount, { timeout: 30_000 }).toBe(2);
      expect(sub.received.at(-1)?.totalSpent.amount).toBe('42.00');
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(bobs.received).toHaveLength(0);
    expect([...onA.errors, ...onB.errors, ...bobs.errors]).toEqual([]);
  });

  it('refuses a subscription without a valid token, and a query without one', async () => {
    const client = createClient({ url: replicas[0]!.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: 'Bearer forged' }, retryAttempts: 0 });
    clients.push(client);
    const outcome = await new Promise<unknown>((resolve) =>
      client.subscribe({ query: 'subscription { dashboardUpdated { month } }' }, { next: () => resolve('data'), error: (e) => resolve(e), complete: () => resolve('complete') }),
    );
    expect((outcome as { code?: number }).code).toBe(4403);
    const anonymous = await graphqlRequest(replicas[0]!.url, '{ dashboard { month } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
