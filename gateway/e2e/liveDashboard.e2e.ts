import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { dataOf, graphqlRequest, startSystem, type RunningSystem } from '@expensio/testing';

// The heart of the product, end to end on real Kafka, FerretDB and PostgreSQL, every service its
// own process: an expense recorded through the gateway travels expense -> financial-data ->
// dashboard and reaches the user's graphql-ws subscription on the gateway, with fields from the
// user and expense subgraphs resolved for the event.
describe('live dashboard through the gateway', () => {
  let system: RunningSystem;
  const clients: Client[] = [];
  beforeAll(async () => {
    system = await startSystem(['user', 'expense', 'income', 'financial-data', 'dashboard', 'gateway']);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await system?.stop();
  });

  async function signUp(firstName: string) {
    const email = `${firstName.toLowerCase()}-${Date.now()}@example.com`;
    dataOf(await graphqlRequest(system.url, 'mutation($e: String!) { requestOtp(email: $e) { sent } }', { e: email }));
    const code = await system.latestCode(email);
    const { verifyOtp } = dataOf(
      await graphqlRequest<{ verifyOtp: { accessToken: string } }>(
        system.url,
        'mutation($e: String!, $c: String!, $p: NewUserProfileInput) { verifyOtp(email: $e, code: $c, profile: $p) { accessToken } }',
        { e: email, c: code, p: { firstName, username: `${firstName.toLowerCase()}${Date.now() % 100000}`, baseCurrency: 'USD', timeZone: 'America/New_York' } },
      ),
    );
    return verifyOtp.accessToken;
  }

  function subscribe(token: string, query: string) {
    const received: Record<string, unknown>[] = [];
    const errors: unknown[] = [];
    const client = createClient({ url: system.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    clients.push(client);
    const done = new Promise<void>((resolve) =>
      client.subscribe<Record<string, unknown>>({ query }, {
        next: (m) => (m.data ? received.push(m.data) : errors.push(m.errors)),
        error: (e) => {
          errors.push(e);
          resolve();
        },
        complete: resolve,
      }),
    );
    return { received, errors, done };
  }

  it('pushes dashboardUpdated with cross-subgraph fields to the owner only', async () => {
    const ada = await signUp('Ada');
    const bob = await signUp('Bob');
    // firstName and title are the dashboard's own copies (@provides); baseCurrency comes from the
    // user subgraph and categoryCode and mood from the expense subgraph, resolved for each push.
    const query =
      'subscription { dashboardUpdated { user { firstName baseCurrency } totalSpent { amount currency } expenseCount latestExpenses { title categoryCode mood } } }';
    const adas = subscribe(ada, query);
    const bobs = subscribe(bob, query);
    await new Promise((r) => setTimeout(r, 1_000)); // both sockets subscribed upstream

    dataOf(
      await graphqlRequest(system.url, 'mutation($i: CreateExpenseInput!) { createExpense(input: $i) { id } }', {
        i: { title: 'Concert tickets', amount: { amount: '120.50' }, categoryCode: 'entertainmentAndRecreation', mood: 'HAPPY' },
      }, ada),
    );

    // The month figures and the latest expenses reach the dashboard through two consumer groups,
    // so a push may carry one before the other: wait for the push that carries both.
    const complete = (d: Record<string, unknown>) => {
      const pushed = d.dashboardUpdated as { expenseCount: number; latestExpenses: unknown[] };
      return pushed.expenseCount === 1 && pushed.latestExpenses.length === 1;
    };
    await expect.poll(() => adas.received.some(complete), { timeout: 60_000 }).toBe(true);
    const last = adas.received.findLast(complete)!;
    expect(last.dashboardUpdated).toEqual({
      user: { firstName: 'Ada', baseCurrency: 'USD' },
      totalSpent: { amount: '120.50', currency: 'USD' },
      expenseCount: 1,
      latestExpenses: [{ title: 'Concert tickets', categoryCode: 'entertainmentAndRecreation', mood: 'HAPPY' }],
    });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(bobs.received).toEqual([]);
    expect(adas.errors).toEqual([]);
  });

  it('refuses a bad token on the socket', async () => {
    const sub = subscribe('forged.token.value', 'subscription { dashboardUpdated { month } }');
    await sub.done;
    expect((sub.errors[0] as { code?: number }).code).toBe(4401);
  });
});
