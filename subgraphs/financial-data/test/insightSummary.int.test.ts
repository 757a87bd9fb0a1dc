// insightSummary against a fake OpenAI-compatible server on loopback (node:http) that records what
// it is sent: only the insights' numbers go out (no titles, ids, emails, user-named categories), an
// answer is kept so asking again calls nobody, a failing model is SUMMARY_UNAVAILABLE, and without
// OpenAI configured the field is null.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dataOf, graphqlRequest } from '@expensio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_INSIGHTS_SUMMARY } from '../src/domain/summaryPrompt.ts';
import { SEEDED_TITLES, seedSpring, startFinancialDataSubgraph, waitForExpenseCount, type FinancialHarness, type FinancialTestUser } from './harness.ts';

const SUMMARY = `query($m: String) { insightSummary(month: $m) { month text model generatedAt basedOn { kind title detail severity } } }`;
const INSIGHTS = `query($m: String) { insights(month: $m) { kind title detail severity } }`;
const ANSWER = 'You spent 800.00 EUR this month; customCategory1 is new and food is well above its usual pace.';

type Mode = 'answer' | 'error500' | 'empty' | 'slow';
type Recorded = { path: string; authorization: string | undefined; raw: string; body: { model: string; temperature: number; messages: { role: string; content: string }[] } };
type Summary = { month: string; text: string; model: string; generatedAt: string; basedOn: { kind: string; title: string; detail: string; severity: string }[] };

describe('financial-data: insightSummary', () => {
  let fake: Server;
  let mode: Mode = 'answer';
  const requests: Recorded[] = [];
  let h: FinancialHarness;
  let plain: FinancialHarness;
  let u: FinancialTestUser;
  const CUSTOM_CATEGORY = 'birthdayForMargot';
  const CUSTOM_TITLE = 'Surprise party for Margot Duval';

  beforeAll(async () => {
    fake = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw) as Recorded['body'];
        requests.push({ path: req.url ?? '', authorization: req.headers.authorization, raw, body });
        if (mode === 'error500') {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
          return;
        }
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({
            id: 'chatcmpl-1', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: body.model,
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: mode === 'empty' ? '  ' : ANSWER } }],
            usage: { prompt_tokens: 300, completion_tokens: 40, total_tokens: 340 },
          }));
        };
        if (mode === 'slow') setTimeout(answer, 2_500);
        else answer();
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    const baseURL = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/v1`;
    h = await startFinancialDataSubgraph({ openai: { apiKey: 'sk-test', baseURL, model: 'fake-model', timeoutMs: 1_000 } });
    plain = await startFinancialDataSubgraph();
    // Spring's months, plus a June expense in a category the user named (a month-over-month increase).
    u = await seedSpring(h);
    await h.ns.producer.publish([
      u.expenseCreated(u.expense({ amount: { minor: 4_000, currency: 'EUR' }, occurredAt: '2026-06-05T12:00:00Z', categoryCode: CUSTOM_CATEGORY, title: CUSTOM_TITLE })),
    ]);
    await waitForExpenseCount(h, u.userId, '2026-06', 4);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([h?.stop(), plain?.stop()]);
    await new Promise((r) => fake.close(r));
  });

  const summaryOf = async (month?: string) => u.gql<{ insightSummary: Summary | null }>(SUMMARY, month ? { m: month } : {});

  it('writes the summary from the insights\' numbers only and sends nothing the user typed', async () => {
    mode = 'answer';
    const before = requests.length;
    const summary = dataOf(await summaryOf('2026-06')).insightSummary!;
    expect(requests.length - before).toBe(1);
    // The alias the model used is put back as the category's code.
    expect(summary.text).toBe(ANSWER.replace('customCategory1', CUSTOM_CATEGORY));
    expect(summary).toMatchObject({ month: '2026-06', model: 'fake-model' });
    expect(Number.isNaN(Date.parse(summary.generatedAt))).toBe(false);
    const insights = dataOf(await u.gql<{ insights: Summary['basedOn'] }>(INSIGHTS, { m: '2026-06' })).insights;
    expect(summary.basedOn).toEqual(insights);
    expect(insights.map((i) => i.kind)).toEqual(expect.arrayContaining(['CATEGORY_PACE', 'REGRETFUL_SHARE', 'MONTH_OVER_MONTH_INCREASE']));

    const request = requests.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.authorization).toBe('Bearer sk-test');
    expect(request.body).toMatchObject({ model: 'fake-model', temperature: 0 });
    expect(request.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    const sent = JSON.parse(request.body.messages[1]!.content) as { month: string; currency: string; totals: Record<string, unknown>; insights: { kind: string }[] };
    expect(sent).toMatchObject({ month: '2026-06', currency: 'EUR', totals: { spent: '840.00', expenseCount: 4, incomeCount: 0 } });
    expect(sent.insights.map((i) => i.kind)).toEqual(insights.map((i) => i.kind));
    // food: 300.00 by day 10 of 30, 900.00 projected against a 300.00 average; 25% regretful.
    for (const number of ['300.00 EUR', '900.00 EUR', '200.00 EUR', '840.00 EUR']) expect(request.raw).toContain(number);
    for (const secret of [...SEEDED_TITLES, CUSTOM_TITLE, CUSTOM_CATEGORY, u.userId, `${u.userId}@example.com`, `u${u.userId.slice(0, 8)}`]) {
      expect(request.raw).not.toContain(secret);
    }
  });

  it('answers a repeated query (also the default month and through User.financialData) from memory', async () => {
    mode = 'answer';
    const first = dataOf(await summaryOf('2026-06')).insightSummary!;
    const before = requests.length;
    expect(dataOf(await summaryOf('2026-06')).insightSummary).toEqual(first);
    expect(dataOf(await summaryOf()).insightSummary).toEqual(first); // the clock stands in June
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { financialData { insightSummary(month: "2026-06") { text generatedAt } } } } }`;
    const viaUser = dataOf(await u.gql<{ _entities: { financialData: { insightSummary: { text: string; generatedAt: string } } }[] }>(entities, { r: [{ __typename: 'User', id: u.userId }] }));
    expect(viaUser._entities[0]?.financialData.insightSummary).toEqual({ text: first.text, generatedAt: first.generatedAt });
    expect(requests.length).toBe(before);
  });

  it('a failing model (HTTP 500, empty answer, timeout) is SUMMARY_UNAVAILABLE, and not kept', async () => {
    const failures: [Mode, number][] = [['error500', 1], ['empty', 1], ['slow', 1]];
    for (const [m, calls] of failures) {
      mode = m;
      const before = requests.length;
      const started = Date.now();
      const res = await summaryOf('2026-05');
      expect(res.errors?.[0]?.extensions?.code, m).toBe('SUMMARY_UNAVAILABLE');
      expect(res.errors?.[0]?.message).toMatch(/summary is unavailable/);
      expect(JSON.stringify(res.errors)).not.toMatch(/upstream exploded|sk-test|127\.0\.0\.1/);
      expect(res.data?.insightSummary ?? null).toBeNull();
      expect(requests.length - before).toBe(calls);
      expect(Date.now() - started).toBeLessThan(2_400);
    }
    mode = 'answer';
    const before = requests.length;
    expect(dataOf(await summaryOf('2026-05')).insightSummary?.month).toBe('2026-05');
    expect(requests.length - before).toBe(1);
  });

  it('a month without insights gets a fixed sentence and no call', async () => {
    const before = requests.length;
    expect(dataOf(await summaryOf('2025-01')).insightSummary).toMatchObject({ month: '2025-01', text: NO_INSIGHTS_SUMMARY, model: 'none', basedOn: [] });
    expect(requests.length).toBe(before);
  });

  it('refuses a bad month and a caller without a token, as the other fields do', async () => {
    const before = requests.length;
    expect((await summaryOf('2026-6')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'month' });
    expect((await graphqlRequest(h.url, SUMMARY, { m: '2026-06' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(requests.length).toBe(before);
  });

  it('is null when OpenAI is not configured', async () => {
    const other = await plain.registerUser();
    const before = requests.length;
    expect(dataOf(await other.gql<{ insightSummary: Summary | null }>(SUMMARY, { m: '2026-06' })).insightSummary).toBeNull();
    expect((await other.gql(SUMMARY, { m: 'June' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(requests.length).toBe(before);
  });
});
