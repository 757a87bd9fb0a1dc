// The OpenAI path against a fake OpenAI-compatible server on loopback (node:http): the model's
// extraction is used; invalid tool arguments and a slow model fall back to the built-in parser with
// no error shown; token usage is metered and the monthly allowance enforced; the per-user rate limit
// and the message length limit.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEvent, sourceOf } from '@expensio/events';
import { createLogger, createTokenVerifier } from '@expensio/kit';
import { createKafkaTestNamespace, createTestAuth, createTestMongoDb, graphqlRequest, type KafkaTestNamespace, type TestAuth } from '@expensio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureChat } from '../src/app.ts';
import { ALLOWANCE_NOTICE } from '../src/domain/assistant.ts';
import { buildChatServer } from '../src/server.ts';

const TZ = 'Europe/Paris';
const TOKENS_PER_CALL = 400;
type Script = { args?: unknown; raw?: string; delayMs?: number };
const MSG = 'id role text transactions { amount { amount currency } categoryCode mood paymentMethod }';
type Msg = { text: string; transactions: { amount: { amount: string; currency: string } | null; categoryCode: string; mood: string | null; paymentMethod: string | null }[] };

const tx = (over: Record<string, unknown> = {}) => ({ kind: 'expense', title: 'Dinner at Luigi', amount: '38', currency: null, categoryCode: 'food', mood: 'happy', cognitiveTriggers: [], expenseType: 'luxury', paymentMethod: 'credit_card', incomeType: null, date: null, ...over });
const addArgs = (over: Record<string, unknown> = {}) => ({ intent: 'ADD_TRANSACTION', transactions: [tx(over)], query: null, correction: null });

describe('chat: OpenAI tool calling against a fake server, limits', () => {
  let ns: KafkaTestNamespace;
  let auth: TestAuth;
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;
  let fake: Server;
  const requests: { path: string; authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[]; tools: unknown[] } }[] = [];
  const scripts = new Map<string, Script>();
  const stops: (() => Promise<void>)[] = [];
  let url = '';
  let directory: { get(id: string, o?: { waitMs?: number }): Promise<unknown> };
  let usage: { findOne(f: object): Promise<{ tokens: number } | null> };
  let messages: { countDocuments(f: object): Promise<number> };

  beforeAll(async () => {
    fake = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const body = JSON.parse(data) as (typeof requests)[number]['body'];
        requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
        const text = body.messages.at(-1)?.content ?? '';
        const s = scripts.get(text) ?? { args: { intent: 'SMALL_TALK', transactions: [], query: null, correction: null } };
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({
            id: 'chatcmpl-1', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
            choices: [{ index: 0, finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'interpret_message', arguments: s.raw ?? JSON.stringify(s.args) } }] } }],
            usage: { prompt_tokens: TOKENS_PER_CALL - 50, completion_tokens: 50, total_tokens: TOKENS_PER_CALL },
          }));
        };
        if (s.delayMs) setTimeout(answer, s.delayMs);
        else answer();
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const baseURL = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;

    ns = await createKafkaTestNamespace();
    auth = await createTestAuth();
    mongo = await createTestMongoDb('chat');
    const log = createLogger({ service: 'chat-openai-test', level: 'error' });
    const chat = await configureChat({
      db: mongo.db, kafka: ns.kafka, producer: ns.producer, topicPrefix: ns.topicPrefix, log,
      config: { openai: { apiKey: 'sk-test', baseURL, model: 'fake-model', timeoutMs: 1_000 }, rateLimitPerMinute: 30, monthlyTokenAllowance: 3 * TOKENS_PER_CALL },
    });
    chat.relay.start();
    for (const c of chat.consumers) await c.start();
    const server = await buildChatServer(chat.deps, { log, verifier: createTokenVerifier({ jwks: auth.jwks }) });
    url = (await server.listen(0, '127.0.0.1')).url;
    directory = chat.deps.directory;
    usage = mongo.db.collection('llm_usage') as never;
    messages = mongo.db.collection('messages') as never;
    stops.push(async () => {
      await server.close();
      await Promise.all(chat.consumers.map((c) => c.stop()));
      await chat.relay.stop();
    });
  }, 120_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await new Promise((r) => fake.close(r));
    await ns.cleanup();
    await mongo.drop();
  });

  async function registerUser() {
    const userId = randomUUID();
    await ns.producer.publish([
      createEvent('USER_REGISTERED', { userId, email: `${userId}@example.com`, username: `u${userId.slice(0, 8)}`, firstName: 'Al', baseCurrency: 'EUR', timeZone: TZ }, { subject: userId, source: sourceOf('user') }),
    ]);
    await directory.get(userId, { waitMs: 30_000 });
    const token = await auth.token(userId);
    const send = (text: string) => graphqlRequest<{ sendChatMessage: Msg }>(url, `mutation($t: String!) { sendChatMessage(text: $t) { ${MSG} } }`, { t: text }, token);
    const say = async (text: string) => {
      const res = await send(text);
      if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
      return res.data!.sendChatMessage;
    };
    return { userId, send, say };
  }
  const tokensOf = async (userId: string) => (await usage.findOne({ userId }))?.tokens ?? 0;

  it('uses the model\'s extraction (tool call with the JSON schema), amounts in minor units, tokens metered', async () => {
    const u = await registerUser();
    const text = 'dinner at luigi 38, loved it, on the card';
    scripts.set(text, { args: addArgs() });
    const reply = await u.say(text);
    expect(reply.transactions).toEqual([{ amount: { amount: '38.00', currency: 'EUR' }, categoryCode: 'food', mood: 'HAPPY', paymentMethod: 'CREDIT_CARD' }]);
    expect(reply.text).toContain('"Dinner at Luigi" 38.00 EUR · food · happy');
    const request = requests.find((r) => r.body.messages.at(-1)?.content === text)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.body.model).toBe('fake-model');
    expect(JSON.stringify(request.body.tools)).toContain('"interpret_message"');
    expect(await tokensOf(u.userId)).toBe(TOKENS_PER_CALL);
  });

  it('the model cannot invent an amount the message does not show', async () => {
    const u = await registerUser();
    scripts.set('dinner at luigi', { args: addArgs({ amount: '99' }) });
    const reply = await u.say('dinner at luigi');
    expect(reply.transactions[0]?.amount).toBeNull();
    expect(reply.text).not.toContain('99');
  });

  it('invalid tool arguments are rejected by zod and the built-in parser answers', async () => {
    const u = await registerUser();
    scripts.set('pizza 12.50 regret it', { args: { ...addArgs({ amount: -5 }), intent: 'BUY_STUFF' } });
    const reply = await u.say('pizza 12.50 regret it');
    expect(reply.text).toContain('"Pizza" 12.50 EUR · food · regretful');
    scripts.set('taxi 20', { raw: '{"intent": "ADD_TRANS' });
    expect((await u.say('taxi 20')).transactions[0]?.amount).toEqual({ amount: '20.00', currency: 'EUR' });
  });

  it('a model slower than the timeout falls back to the built-in parser with no error shown', async () => {
    const u = await registerUser();
    scripts.set('coffee 3.20', { args: addArgs({ amount: '3.20', title: 'From the model' }), delayMs: 3_000 });
    const started = Date.now();
    const res = await u.send('coffee 3.20');
    expect(res.errors).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_900);
    expect(res.data!.sendChatMessage.text).toContain('3.20 EUR');
    expect(res.data!.sendChatMessage.text).not.toContain('From the model');
  });

  it('past the monthly allowance only the built-in parser is used, and the reply says so once', async () => {
    const u = await registerUser();
    const before = requests.length;
    for (const t of ['hi', 'hello', 'hey']) await u.say(t);
    expect(requests.length - before).toBe(3);
    expect(await tokensOf(u.userId)).toBe(3 * TOKENS_PER_CALL);
    const text = 'lunch 14 at the canteen';
    scripts.set(text, { args: addArgs({ amount: '14', title: 'From the model' }) });
    const first = await u.say(text);
    expect(first.text).toContain(ALLOWANCE_NOTICE);
    expect(first.text).not.toContain('From the model');
    const second = await u.say('taxi 9');
    expect(second.text).not.toContain(ALLOWANCE_NOTICE);
    expect(requests.length - before).toBe(3);
    expect(await tokensOf(u.userId)).toBe(3 * TOKENS_PER_CALL);
  });

  it('refuses the 31st message in a minute with RATE_LIMITED and retryAfterSeconds', async () => {
    // A fixed window per minute: start early in a minute so the 31 messages share it.
    if (new Date().getSeconds() > 40) await new Promise((r) => setTimeout(r, (61 - new Date().getSeconds()) * 1000));
    const u = await registerUser();
    for (let i = 0; i < 30; i++) await u.say(`hello ${i}`);
    const res = await u.send('one more');
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const retry = res.errors![0]!.extensions!['retryAfterSeconds'] as number;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await messages.countDocuments({ userId: u.userId, text: 'one more' })).toBe(0);
  }, 120_000);

  it('refuses a 2,001-character message and stores nothing', async () => {
    const u = await registerUser();
    const res = await u.send('x'.repeat(2_001));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await messages.countDocuments({ userId: u.userId })).toBe(0);
    expect(requests.some((r) => r.body.messages.at(-1)?.content.length === 2_001)).toBe(false);
  });
});
