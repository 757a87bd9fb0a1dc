import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, graphqlRequest, startSystem, type RunningSystem } from '@expensio/testing';

// Through the gateway, every service its own process as `npm start` runs them, on real Kafka,
// FerretDB and PostgreSQL: sign in by OTP, record an expense, read it across subgraphs.
describe('the supergraph, end to end', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem(['user', 'expense', 'income', 'financial-data', 'dashboard', 'chat', 'gateway']);
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
  });

  async function signUp(firstName: string) {
    const email = `${firstName.toLowerCase()}-${Date.now()}@example.com`;
    const requested = dataOf(await graphqlRequest<{ requestOtp: { sent: boolean } }>(system.url, 'mutation($e: String!) { requestOtp(email: $e) { sent message } }', { e: email }));
    expect(requested.requestOtp.sent).toBe(true);
    const code = await system.latestCode(email);
    const verified = dataOf(
      await graphqlRequest<{ verifyOtp: { accessToken: string; isNewUser: boolean; user: { id: string } } }>(
        system.url,
        'mutation($e: String!, $c: String!, $p: NewUserProfileInput) { verifyOtp(email: $e, code: $c, profile: $p) { accessToken isNewUser user { id firstName baseCurrency } } }',
        { e: email, c: code, p: { firstName, username: `${firstName.toLowerCase()}${Date.now() % 100000}`, baseCurrency: 'EUR', timeZone: 'Europe/Paris' } },
      ),
    );
    expect(verified.verifyOtp.isNewUser).toBe(true);
    const token = verified.verifyOtp.accessToken;
    return { token, userId: verified.verifyOtp.user.id, gql: <T>(q: string, v: Record<string, unknown> = {}) => graphqlRequest<T>(system.url, q, v, token) };
  }

  it('signs in by OTP, records an expense and reads it back across subgraphs', async () => {
    const ada = await signUp('Ada');
    // The expense subgraph learns the new user's currency from USER_REGISTERED over Kafka.
    const created = dataOf(
      await ada.gql<{ createExpense: { id: string; amount: { amount: string; currency: string } } }>(
        'mutation($i: CreateExpenseInput!) { createExpense(input: $i) { id amount { amount currency } } }',
        { i: { title: 'Had to replace my phone screen', amount: { amount: '250' }, categoryCode: 'miscellaneous', mood: 'REGRETFUL' } },
      ),
    );
    expect(created.createExpense.amount).toEqual({ amount: '250.00', currency: 'EUR' });

    // User (user subgraph) -> expenses (expense subgraph)
    const me = dataOf(
      await ada.gql<{ me: { firstName: string; expenses: { totalCount: number; edges: { node: { title: string } }[] } } }>(
        '{ me { firstName expenses { totalCount edges { node { title } } } } }',
      ),
    );
    expect(me.me).toEqual({ firstName: 'Ada', expenses: { totalCount: 1, edges: [{ node: { title: 'Had to replace my phone screen' } }] } });
    // Expense (expense subgraph) -> user (user subgraph)
    const owner = dataOf(await ada.gql<{ expense: { user: { firstName: string } } }>('query($id: ID!) { expense(id: $id) { user { firstName baseCurrency } } }', { id: created.createExpense.id }));
    expect(owner.expense.user).toEqual({ firstName: 'Ada', baseCurrency: 'EUR' });

    // Someone else sees none of it
    const bob = await signUp('Bob');
    const bobs = dataOf(await bob.gql<{ expense: unknown; me: { expenses: { totalCount: number } } }>('query($id: ID!) { expense(id: $id) { id } me { expenses { totalCount } } }', { id: created.createExpense.id }));
    expect(bobs).toEqual({ expense: null, me: { expenses: { totalCount: 0 } } });
  });

  it('refuses a bad token, an over-deep query and an over-costly one before any subgraph works', async () => {
    const bad = await graphqlRequest(system.url, '{ me { id } }', {}, 'not.a.token');
    expect(bad.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const deep = await graphqlRequest(system.url, `{ me { expenses { edges { node { user { expenses { edges { node { user { expenses { edges { node { id } } } } } } } } } } } } }`);
    expect(deep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');

    const costly = await graphqlRequest(system.url, '{ expenses(first: 1000) { edges { node { id title categoryCode mood notes tags user { id } } } } }');
    expect(costly.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(costly.errors?.[0]?.message).toMatch(/cost/);
  });

  it('keeps a subgraph error code and names the subgraph', async () => {
    const u = await signUp('Cy');
    const res = await u.gql('mutation { updateExpense(id: "0123456789abcdef01234567", input: { title: "x" }) { id } }');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', serviceName: 'expense' });
  });

  it('records an expense from a chat message: preview, "yes", saved by the expense subgraph over Kafka', async () => {
    const u = await signUp('Dee');
    const preview = dataOf(
      await u.gql<{ sendChatMessage: { role: string; text: string; transactions: { kind: string; amount: { amount: string; currency: string } | null; mood: string | null }[] } }>(
        'mutation($t: String!) { sendChatMessage(text: $t) { role text transactions { kind amount { amount currency } mood } } }',
        { t: 'had to replace my phone screen, set me back $250, ugh' },
      ),
    );
    expect(preview.sendChatMessage.role).toBe('assistant');
    expect(preview.sendChatMessage.transactions).toEqual([{ kind: 'EXPENSE', amount: { amount: '250.00', currency: 'USD' }, mood: 'REGRETFUL' }]);
    // Nothing is saved before the user says yes
    expect(dataOf(await u.gql<{ expenses: { totalCount: number } }>('{ expenses { totalCount } }')).expenses.totalCount).toBe(0);

    dataOf(await u.gql('mutation { sendChatMessage(text: "yes") { text } }'));
    await expect
      .poll(async () => dataOf(await u.gql<{ expenses: { totalCount: number } }>('{ expenses { totalCount } }')).expenses.totalCount, { timeout: 60_000 })
      .toBe(1);
    const saved = dataOf(await u.gql<{ expenses: { edges: { node: { amount: { amount: string }; mood: string } }[] } }>('{ expenses { edges { node { amount { amount } mood } } } }'));
    expect(saved.expenses.edges[0]?.node).toEqual({ amount: { amount: '250.00' }, mood: 'REGRETFUL' });
    // The conversation confirms once the expense subgraph has answered
    await expect
      .poll(async () => dataOf(await u.gql<{ chatHistory: { edges: { node: { text: string } }[] } }>('{ chatHistory(first: 5) { edges { node { text } } } }')).chatHistory.edges.some((e) => /saved/i.test(e.node.text)), { timeout: 30_000 })
      .toBe(true);
  });
});
