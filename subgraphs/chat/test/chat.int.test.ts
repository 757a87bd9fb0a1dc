// The chat subgraph over HTTP and graphql-ws, with the expense subgraph (its own wiring plus the chat
// command handler) on the same Kafka namespace: the save saga end to end, undo, corrections, answers
// from FINANCIALDATA_UPDATED, history paging and isolation between users.
import { randomUUID } from 'node:crypto';
import { createConsumerRunner, createEvent, sourceOf, TOPICS, type ExpensioEvent, type MonthlyFigures } from '@expensio/events';
import { createLogger, createTokenVerifier, monthOf, startRecordSubgraph } from '@expensio/kit';
import { createKafkaTestNamespace, createTestAuth, createTestMongoDb, graphqlRequest, type KafkaTestNamespace, type TestAuth } from '@expensio/testing';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { configureExpense } from '../../expense/src/app.ts';
import { buildExpenseServer } from '../../expense/src/server.ts';
import { configureChat } from '../src/app.ts';
import { buildChatServer } from '../src/server.ts';

const TZ = 'Europe/Paris';
type Msg = { id: string; role: string; text: string; transactions: { amount: { amount: string } | null; categoryCode: string }[] };
const MSG = 'id role text transactions { amount { amount currency } categoryCode }';

describe('chat subgraph: conversation, save saga over Kafka, answers from figures', () => {
  let ns: KafkaTestNamespace;
  let auth: TestAuth;
  const mongos: Awaited<ReturnType<typeof createTestMongoDb>>[] = [];
  const stops: (() => Promise<void>)[] = [];
  const clients: Client[] = [];
  const seen: ExpensioEvent[] = [];
  let url = '';
  let expenseDirectory: { get(id: string, o?: { waitMs?: number }): Promise<unknown> };
  let chatDirectory: typeof expenseDirectory;

  beforeAll(async () => {
    ns = await createKafkaTestNamespace();
    auth = await createTestAuth();
    const [chatDb, expenseDb] = [await createTestMongoDb('chat'), await createTestMongoDb('expense')];
    mongos.push(chatDb, expenseDb);
    const log = createLogger({ service: 'chat-test', level: 'warn' });
    const parts = { kafka: ns.kafka, producer: ns.producer, topicPrefix: ns.topicPrefix, log };

    const chat = await configureChat({ db: chatDb.db, ...parts });
    chat.relay.start();
    for (const c of chat.consumers) await c.start();
    const server = await buildChatServer(chat.deps, { log, verifier: createTokenVerifier({ jwks: auth.jwks }) });
    url = (await server.listen(0, '127.0.0.1')).url;
    chatDirectory = chat.deps.directory;
    stops.push(async () => {
      await server.close();
      await Promise.all(chat.consumers.map((c) => c.stop()));
      await chat.relay.stop();
    });

    const expense = await startRecordSubgraph({ parts: { db: expenseDb.db, ...parts }, verifier: { jwks: auth.jwks }, configure: (p) => configureExpense(p), buildServer: buildExpenseServer });
    expenseDirectory = expense.runtime.directory;
    // The expense subgraph as it runs: its chat-command consumer is part of its runtime.
    stops.push(() => expense.stop());

    const watcher = createConsumerRunner({ ...parts, groupId: ns.groupId('chat-watch'), topics: [TOPICS.chat, TOPICS.expense], deadLetters: ns.producer, handle: async (e) => void seen.push(e) });
    await watcher.start();
    stops.push(() => watcher.stop());
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const stop of stops.reverse()) await stop();
    await ns.cleanup();
    for (const m of mongos) await m.drop();
  });

  async function registerUser() {
    const userId = randomUUID();
    await ns.producer.publish([
      createEvent('USER_REGISTERED', { userId, email: `${userId}@example.com`, username: `u${userId.slice(0, 8)}`, firstName: 'Cy', baseCurrency: 'EUR', timeZone: TZ }, { subject: userId, source: sourceOf('user') }),
    ]);
    await Promise.all([chatDirectory.get(userId, { waitMs: 30_000 }), expenseDirectory.get(userId, { waitMs: 30_000 })]);
    const token = await auth.token(userId);
    const gql = async <T,>(query: string, variables: Record<string, unknown> = {}) => {
      const res = await graphqlRequest<T>(url, query, variables, token);
      if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
      return res.data!;
    };
    const say = async (text: string) => (await gql<{ sendChatMessage: Msg }>(`mutation($t: String!) { sendChatMessage(text: $t) { ${MSG} } }`, { t: text })).sendChatMessage;
    const history = async (first = 50, after?: string) =>
      (await gql<{ chatHistory: { edges: { cursor: string; node: Msg }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
        'query($f: Int, $a: String) { chatHistory(first: $f, after: $a) { edges { cursor node { ' + MSG + ' } } pageInfo { hasNextPage endCursor } } }',
        { f: first, a: after ?? null },
      )).chatHistory;
    const lastAssistant = async () => (await history(5)).edges.find((e) => e.node.role === 'assistant')?.node.text;
    return { userId, token, gql, say, history, lastAssistant };
  }

  it('previews without side effects, then "yes" sends the command; the expense subgraph creates it once and the chat confirms live', async () => {
    const u = await registerUser();
    const parsed = await u.gql<{ parseTransaction: { intent: string; transactions: { kind: string; amount: { amount: string; currency: string }; categoryCode: string; mood: string }[] } }>(
      '{ parseTransaction(text: "pizza 12.50 regret it") { intent transactions { kind amount { amount currency } categoryCode mood } } }',
    );
    expect(parsed.parseTransaction).toEqual({ intent: 'ADD_TRANSACTION', transactions: [{ kind: 'EXPENSE', amount: { amount: '12.50', currency: 'EUR' }, categoryCode: 'food', mood: 'REGRETFUL' }] });

    const received: Msg[] = [];
    const client = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${u.token}` }, retryAttempts: 0 });
    clients.push(client);
    client.subscribe<{ chatMessageAdded: Msg }>({ query: `subscription { chatMessageAdded { ${MSG} } }` }, { next: (m) => m.data && received.push(m.data.chatMessageAdded), error: () => {}, complete: () => {} });
    await new Promise((r) => setTimeout(r, 500));

    const preview = await u.say('pizza 12.50 regret it');
    expect(preview.role).toBe('assistant');
    expect(preview.text).toContain('"Pizza" 12.50 EUR · food · regretful');
    expect(preview.transactions[0]?.amount?.amount).toBe('12.50');
    expect(seen.filter((e) => e.subject === u.userId && e.type === 'CHAT_TRANSACTION_REQUESTED')).toHaveLength(0);

    await u.say('yes');
    await expect.poll(() => seen.find((e) => e.subject === u.userId && e.type === 'CHAT_TRANSACTION_REQUESTED'), { timeout: 30_000 }).toBeTruthy();
    const command = seen.find((e) => e.subject === u.userId && e.type === 'CHAT_TRANSACTION_REQUESTED')!;
    await expect.poll(() => seen.filter((e) => e.type === 'EXPENSE_CREATED' && e.causationid === command.id).length, { timeout: 30_000 }).toBe(1);
    await expect.poll(u.lastAssistant, { timeout: 30_000 }).toMatch(/^Saved: expense "Pizza" 12.50 EUR/);
    await expect.poll(() => received.some((m) => m.text.startsWith('Saved:')), { timeout: 30_000 }).toBe(true);

    // The same command delivered again creates nothing and confirms nothing twice.
    await ns.producer.publish([command]);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(seen.filter((e) => e.type === 'EXPENSE_CREATED' && e.causationid === command.id)).toHaveLength(1);
    expect((await u.history()).edges.filter((e) => e.node.text.startsWith('Saved:'))).toHaveLength(1);

    // Undo removes it through the expense subgraph.
    expect(await u.say('undo')).toMatchObject({ text: expect.stringMatching(/^Removing: expense "Pizza"/) });
    await expect.poll(() => seen.some((e) => e.type === 'EXPENSE_DELETED' && e.subject === u.userId), { timeout: 30_000 }).toBe(true);
    await expect.poll(u.lastAssistant, { timeout: 30_000 }).toMatch(/^Removed: expense "Pizza"/);
  }, 120_000);

  it('explains a rejection from the expense subgraph', async () => {
    const u = await registerUser();
    await u.say('lunch 12 on 1 January 1950');
    await u.say('yes');
    await expect.poll(u.lastAssistant, { timeout: 30_000 }).toMatch(/^I couldn't save expense "Lunch": /);
    expect(seen.some((e) => e.type === 'CHAT_TRANSACTION_REJECTED' && e.subject === u.userId)).toBe(true);
  }, 60_000);

  it('applies corrections to the preview and learns a corrected category', async () => {
    const u = await registerUser();
    await u.say('taxi 18');
    const amount = await u.say('actually it was 300');
    expect(amount.text).toContain('"Taxi" 300.00 EUR · transportation');
    const category = await u.say('make that food');
    expect(category.text).toContain('"Taxi" 300.00 EUR · food');
    const parsed = await u.gql<{ parseTransaction: { transactions: { categoryCode: string }[] } }>('{ parseTransaction(text: "taxi 20") { transactions { categoryCode } } }');
    expect(parsed.parseTransaction.transactions[0]?.categoryCode).toBe('food');
    expect((await u.say('no')).text).toContain('dropped');
  }, 60_000);

  it('answers questions with exact figures from FINANCIALDATA_UPDATED and BUDGET_EXCEEDED', async () => {
    const u = await registerUser();
    const month = monthOf(new Date(), TZ);
    const figures: MonthlyFigures = {
      expenses: { amounts: { EUR: 12_345 }, count: 3 },
      incomes: { amounts: { EUR: 300_000 }, count: 1 },
      byCategory: [{ categoryCode: 'food', amounts: { EUR: 10_001 }, count: 2 }, { categoryCode: 'transportation', amounts: { EUR: 2_344 }, count: 1 }],
      byMood: [{ mood: 'regretful', amounts: { EUR: 7_777 }, count: 1 }],
      byTrigger: [],
      byIncomeCategory: [{ categoryCode: 'salaryWages', amounts: { EUR: 300_000 }, count: 1 }],
      byPaymentMethod: [],
      byExpenseType: [],
      recurring: { amounts: {}, count: 0 },
    };
    await ns.producer.publish([
      createEvent('FINANCIALDATA_UPDATED', { userId: u.userId, month, timeZone: TZ, version: 2, figures, changes: [{ type: 'EXPENSE_CREATED', id: randomUUID(), entityId: 'e1', entityVersion: 1 }] }, { subject: u.userId, source: sourceOf('financial-data') }),
      createEvent('BUDGET_EXCEEDED', { userId: u.userId, budgetId: randomUUID(), month, timeZone: TZ, categoryCode: 'food', budget: { minor: 10_000, currency: 'EUR' }, spent: { minor: 10_001, currency: 'EUR' }, exceededAt: new Date().toISOString() }, { subject: u.userId, source: sourceOf('financial-data') }),
    ]);
    await expect.poll(async () => (await u.say('how much did I spend on food this month?')).text, { timeout: 30_000 }).toBe('You spent 100.01 EUR on food this month (2 expenses).');
    expect((await u.say('am I over budget?')).text).toBe(`Yes: your food budget of 100.00 EUR in ${month} (spent 100.01 EUR).`);
    expect((await u.say('what do I spend most on when I feel regretful?')).text).toContain('you spent 77.77 EUR over 1 expense this month (63% of your spending)');
    const summary = (await u.say('summarize my finances this month')).text;
    expect(summary).toContain('Spent 123.45 EUR over 3 expenses');
    expect(summary).toContain('Earned 3000.00 EUR over 1 income');
    expect(summary).toContain('Net 2876.55 EUR');

    // Kept as text (the kit's storedJson); a month an older build stored as an object answers the same.
    const stored = mongos[0]!.db.collection<{ _id: string; figures: unknown }>('figures');
    const id = `${u.userId}|${month}`;
    expect(typeof (await stored.findOne({ _id: id }))?.figures).toBe('string');
    await stored.updateOne({ _id: id }, { $set: { figures } });
    expect((await u.say('how much did I spend on food this month?')).text).toBe('You spent 100.01 EUR on food this month (2 expenses).');
  }, 60_000);

  it('pages history newest first and shows no one else the conversation', async () => {
    const ada = await registerUser();
    const bob = await registerUser();
    for (const t of ['hi', 'help', 'hello']) await ada.say(t);
    const first = await ada.history(4);
    expect(first.edges.map((e) => e.node.role)).toEqual(['assistant', 'user', 'assistant', 'user']);
    expect(first.edges[1]?.node.text).toBe('hello');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await ada.history(4, first.pageInfo.endCursor!);
    expect(rest.edges.map((e) => e.node.text).at(-1)).toBe('hi');
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect((await bob.history()).edges).toEqual([]);
    const anonymous = await graphqlRequest(url, '{ chatHistory { edges { cursor } } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 60_000);
});
