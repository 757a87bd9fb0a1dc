import { performance } from 'node:perf_hooks';
import { createLogger, createTokenVerifier } from '@expensio/kit';
import { createTestAuth, type TestAuth } from '@expensio/testing';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGatewayServer, type GatewayServer } from '../src/createGatewayServer.ts';
import {
  peopleTypeDefs,
  startPeopleSubgraph,
  startTicksSubgraph,
  ticksTypeDefs,
} from './tinySubgraphs.ts';

// Federated subscriptions through the real gateway: `ticks` owns Subscription.ticked (graphql-ws),
// `people` resolves the User it references. Loopback only; no Kafka needed.
describe('federated subscriptions through the gateway', () => {
  let auth: TestAuth;
  let ticks: Awaited<ReturnType<typeof startTicksSubgraph>>;
  let people: Awaited<ReturnType<typeof startPeopleSubgraph>>;
  let gateway: GatewayServer;
  let wsUrl: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    auth = await createTestAuth();
    const log = createLogger({ service: 'gateway-test', level: 'silent' });
    const verifier = createTokenVerifier({ jwks: auth.jwks });
    ticks = await startTicksSubgraph(verifier);
    people = await startPeopleSubgraph(log);
    gateway = await createGatewayServer({
      subgraphs: [
        { name: 'ticks', url: ticks.url, typeDefs: ticksTypeDefs },
        { name: 'people', url: people.url, typeDefs: peopleTypeDefs },
      ],
      verifier,
      log,
      // ticked { user { friend { firstName } } } is 4 deep: over this.
      limits: { maxDepth: 3 },
    });
    const { port } = await gateway.listen(0, '127.0.0.1');
    wsUrl = `ws://127.0.0.1:${port}/graphql`;
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.close();
    await ticks?.close();
    await people?.close();
  });

  async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000) {
    const until = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  function connect(connectionParams: Record<string, unknown>) {
    const closes: { code: number; reason: string }[] = [];
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: {
        closed: (e) =>
          void closes.push({
            code: (e as { code: number }).code,
            reason: (e as { reason: string }).reason,
          }),
      },
    });
    clients.push(client);
    return { client, closes };
  }

  function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}) {
    const events: FormattedExecutionResult<Record<string, unknown>, unknown>[] = [];
    const outcome: { errors?: unknown; completed?: boolean } = {};
    const listeners = new Set<() => void>();
    const unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (e) => {
          events.push(e);
          for (const listener of listeners) listener();
        },
        error: (errors) => void (outcome.errors = errors),
        complete: () => void (outcome.completed = true),
      },
    );
    /** Resolves when `count` events have arrived (no polling: for timing). */
    const received = (count: number) =>
      new Promise<void>((resolve) => {
        const listener = () => {
          if (events.length < count) return;
          listeners.delete(listener);
          resolve();
        };
        listeners.add(listener);
        listener();
      });
    return { events, outcome, unsubscribe, received };
  }

  /** Each test labels its subscriptions: the ticks subgraph records which started and completed. */
  const started = (label: string) => ticks.stats.startedLabels.filter((l) => l === label).length;
  const completed = (label: string) =>
    ticks.stats.completedLabels.filter((l) => l === label).length;

  const asUser = async (userId: string, expiresInSeconds?: number) =>
    connect({
      authorization: `Bearer ${await auth.token(userId, expiresInSeconds === undefined ? {} : { expiresInSeconds })}`,
    });

  it('pushes events with the other subgraph fields filled in and the client aliases', async () => {
    const token = await auth.token('u-1');
    const { client } = connect({ token });
    const sub = subscribe(
      client,
      'subscription($l: String) { t: ticked(label: $l) { count: n label user { id name: firstName } } }',
      { l: 'hello' },
    );
    await waitFor(() => started('hello') === 1, 'the upstream subscription');

    ticks.publish({ n: 1, userId: 'u-1' });
    ticks.publish({ n: 2, userId: 'u-2' });
    await waitFor(() => sub.events.length === 2, 'two events');
    expect(sub.events).toEqual([
      { data: { t: { count: 1, label: 'hello', user: { id: 'u-1', name: 'Ada' } } } },
      { data: { t: { count: 2, label: 'hello', user: { id: 'u-2', name: 'Grace' } } } },
    ]);
    // The user's token reached both subgraphs: in connectionParams upstream, as a header for entities.
    expect(ticks.stats.connectionParams.at(-1)).toEqual({ authorization: `Bearer ${token}` });
    expect(people.authorizations.at(-1)).toBe(`Bearer ${token}`);
    sub.unsubscribe();
  });

  it('shares one upstream subscription and one resolution per event among the subscriptions of one token', async () => {
    const token = await auth.token('u-1', { expiresInSeconds: 3_600 });
    const other = await auth.token('u-1', { expiresInSeconds: 3_601 });
    const query = 'subscription { ticked(label: "shared") { n user { firstName } } }';
    const { client } = connect({ authorization: `Bearer ${token}` });
    const { client: otherClient } = connect({ authorization: `Bearer ${other}` });
    const subs = [subscribe(client, query), subscribe(client, query), subscribe(client, query), subscribe(otherClient, query)];
    // Three subscriptions of one token: one upstream subscription. Another token (another device): its own.
    await waitFor(() => started('shared') === 2, 'two upstream subscriptions');
    await new Promise((r) => setTimeout(r, 100));
    expect(started('shared')).toBe(2);
    const fetchesBy = (t: string) => people.authorizations.filter((a) => a === `Bearer ${t}`).length;
    const before = [fetchesBy(token), fetchesBy(other)];

    ticks.publish({ n: 41, userId: 'u-1' });
    await Promise.all(subs.map((s) => s.received(1)));
    for (const sub of subs) expect(sub.events).toEqual([{ data: { ticked: { n: 41, user: { firstName: 'Ada' } } } }]);
    // One entity fetch per token and event.
    expect([fetchesBy(token) - before[0]!, fetchesBy(other) - before[1]!]).toEqual([1, 1]);

    ticks.publish({ n: 42, userId: 'u-1' });
    await Promise.all(subs.map((s) => s.received(2)));
    expect(subs.map((s) => s.events.at(-1))).toEqual(subs.map(() => ({ data: { ticked: { n: 42, user: { firstName: 'Ada' } } } })));
    expect([fetchesBy(token) - before[0]!, fetchesBy(other) - before[1]!]).toEqual([2, 2]);
    // The upstream subscription lives while one of its subscribers does.
    subs[0]!.unsubscribe();
    subs[1]!.unsubscribe();
    ticks.publish({ n: 43, userId: 'u-1' });
    await subs[2]!.received(3);
    expect(completed('shared')).toBe(0);
    subs[2]!.unsubscribe();
    subs[3]!.unsubscribe();
    await waitFor(() => completed('shared') === 2, 'both upstream subscriptions to end');
  });

  it('refuses a missing or bad token with 4401', async () => {
    const missing = connect({});
    const forged = connect({ authorization: `Bearer ${await auth.forgedToken('u-1')}` });
    const garbage = connect({ token: 'not.a.jwt' });
    await waitFor(
      () => missing.closes.length + forged.closes.length + garbage.closes.length === 3,
      'three refusals',
    );
    expect(missing.closes[0]).toEqual({
      code: 4401,
      reason: expect.stringMatching(/Missing access token/),
    });
    expect(forged.closes[0]).toEqual({ code: 4401, reason: 'Invalid or expired access token' });
    expect(garbage.closes[0]?.code).toBe(4401);
  });

  it('closes a connection with 4401 when its token expires, ending the upstream subscription', async () => {
    const { client, closes } = await asUser('u-1', 2);
    const sub = subscribe(client, 'subscription { ticked(label: "expiring") { n } }');
    await waitFor(() => started('expiring') === 1, 'the upstream subscription');
    await waitFor(() => closes.length === 1, 'the expiry close', 5_000);
    expect(closes[0]).toEqual({ code: 4401, reason: 'Token expired' });
    await waitFor(() => completed('expiring') === 1, 'the upstream to complete');
    expect(sub.events).toEqual([]);
  });

  it('closes the upstream subscription promptly when the client unsubscribes', async () => {
    const { client } = await asUser('u-1');
    const sub = subscribe(
      client,
      'subscription { ticked(label: "leaving") { n user { firstName } } }',
    );
    await waitFor(() => started('leaving') === 1, 'the upstream subscription');
    ticks.publish({ n: 7, userId: 'u-2' });
    await waitFor(() => sub.events.length === 1, 'an event');

    const t0 = performance.now();
    sub.unsubscribe();
    await waitFor(() => completed('leaving') === 1, 'the upstream to complete');
    console.log(
      `upstream completed ${(performance.now() - t0).toFixed(1)} ms after the client unsubscribed`,
    );
  });

  it('refuses an over-deep subscription before any subgraph is asked', async () => {
    const { client } = await asUser('u-1');
    const sub = subscribe(
      client,
      'subscription { ticked(label: "deep") { user { friend { firstName } } } }',
    );
    await waitFor(() => sub.outcome.errors !== undefined, 'the refusal');
    expect((sub.outcome.errors as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(
      'QUERY_TOO_COMPLEX',
    );
    expect(started('deep')).toBe(0);
  });

  it('refuses queries over the socket and invalid subscriptions', async () => {
    const { client } = await asUser('u-1');
    const query = subscribe(client, '{ user(id: "u-1") { firstName } }');
    const invalid = subscribe(client, 'subscription { ticked { nope } }');
    await waitFor(
      () => query.outcome.errors !== undefined && invalid.outcome.errors !== undefined,
      'both refusals',
    );
    const first = (errors: unknown) =>
      (errors as { message: string; extensions?: { code?: string } }[])[0];
    expect(first(query.outcome.errors)?.message).toMatch(/Only subscriptions/);
    expect(first(invalid.outcome.errors)).toMatchObject({
      message: expect.stringMatching(/Cannot query field "nope"/),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('answers a subscription sent over HTTP with where to send it', async () => {
    const res = await fetch(wsUrl.replace(/^ws/, 'http'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await auth.token('u-1')}`,
      },
      body: JSON.stringify({ query: 'subscription { ticked { n } }' }),
    });
    const body = (await res.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    expect(res.status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/WebSocket/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('reports a failing entity fetch without internal URLs or _entities paths, and goes on', async () => {
    const { client } = await asUser('u-1');
    const sub = subscribe(
      client,
      'subscription { ticked(label: "failing") { n user { firstName } } }',
    );
    await waitFor(() => started('failing') === 1, 'the upstream subscription');
    ticks.publish({ n: 1, userId: 'u-missing' });
    ticks.publish({ n: 2, userId: 'u-broken' });
    ticks.publish({ n: 3, userId: 'u-1' });
    await waitFor(() => sub.events.length === 3, 'three events');
    const [missing, broken, fine] = sub.events;
    // A null entity under non-null fields nulls the event, as GraphQL says.
    expect(missing?.data).toBeNull();
    expect(missing?.errors?.[0]).toMatchObject({
      message: 'User not found',
      extensions: { code: 'NOT_FOUND', serviceName: 'people' },
    });
    expect(broken?.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const shown = JSON.stringify([missing, broken]);
    expect(shown).not.toMatch(/_entities|http:|ws:|10\.1\.2\.3/);
    expect(fine).toEqual({ data: { ticked: { n: 3, user: { firstName: 'Ada' } } } });
    sub.unsubscribe();
  });

  it('measures per-event latency through the gateway (logged, not asserted)', async () => {
    const { client } = await asUser('u-1');
    const plain = subscribe(client, 'subscription { ticked(label: "timed") { n } }');
    const federated = subscribe(
      client,
      'subscription { ticked(label: "timed") { n user { firstName } } }',
    );
    await waitFor(() => started('timed') === 2, 'the upstream subscriptions');
    const median = (xs: number[]) =>
      [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const times = { plain: [] as number[], federated: [] as number[] };
    for (let n = 0; n < 200; n++) {
      const t0 = performance.now();
      ticks.publish({ n, userId: 'u-1' });
      const plainArrived = plain
        .received(n + 1)
        .then(() => times.plain.push(performance.now() - t0));
      const federatedArrived = federated
        .received(n + 1)
        .then(() => times.federated.push(performance.now() - t0));
      await Promise.all([plainArrived, federatedArrived]);
    }
    console.log(
      `per-event latency (subgraph publish to gateway client, one process, loopback), median of 200: ` +
        `root field only ${median(times.plain).toFixed(2)} ms, with one entity fetch ${median(times.federated).toFixed(2)} ms`,
    );
    plain.unsubscribe();
    federated.unsubscribe();
  });

  // Last: it stops the gateway.
  it('closes subscriptions with 1001 on shutdown, ending their upstream subscriptions', async () => {
    const { client, closes } = await asUser('u-1');
    subscribe(client, 'subscription { ticked(label: "shutdown") { n } }');
    await waitFor(() => started('shutdown') === 1, 'the upstream subscription');
    await gateway.close();
    expect(closes[0]).toEqual({ code: 1001, reason: 'Going away' });
    await waitFor(() => completed('shutdown') === 1, 'the upstream to complete');
    expect(ticks.stats.active).toBe(0); // nothing left open upstream by any test
  });
});
