// `npm run bench:gateway`: the supergraph under load, every service its own process on loopback
// (startSystem with the stack from createStack().up(), as the e2e tests run it):
//   1. peak memory (VmHWM) of the gateway with 1,000 graphql-ws subscriptions over ~100 users,
//      checking that each client receives only its own user's dashboards;
//   2. freshness: createExpense (through the gateway) -> dashboardUpdated push, at a fixed rate;
//   3. a federated dashboard query through the gateway beside the dashboard subgraph directly.
// A script that prints figures beside their targets; it asserts nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createStack, stateDir } from '@expensio/infra-local';
import { startSystem, type RunningSystem } from '@expensio/testing';
import { gql, signUp as signUpUser, type BenchUser } from '../client.ts';
import { HOPS, readChains, type Chain, type Measured } from './hops.ts';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    subscriptions: { type: 'string', default: '1000' },
    requests: { type: 'string', default: '4000' },
    // The gateway runs Apollo's query-plan execution, which V8 takes a few thousand requests to
    // optimise: with a warm-up of 200, the same build measured 2.73x the direct p50 where a longer
    // run measured 1.8-2.0x. Each query is warmed up on its own before it is measured.
    warmup: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '32' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
  },
});
const USERS = Number(args.users);
const SUBSCRIPTIONS = Number(args.subscriptions);
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const CONCURRENCY = Number(args.concurrency);
const RATE = Number(args.rate);
const MUTATIONS = Math.round(RATE * Number(args.seconds));

// The representative query: the dashboard with its user and latest expenses. The dashboard subgraph
// serves firstName, title and amount itself (its read model's copies, @provides), so the same
// query runs on it directly: the gateway's cost is what the comparison shows.
const FEDERATED = '{ dashboard { user { firstName } totalSpent { amount } latestExpenses { title amount { amount } } } }';
const DIRECT = FEDERATED;
// Fields the dashboard does not keep: the gateway fetches them from the user and expense subgraphs.
const ENTITY_FETCHES = '{ dashboard { user { firstName baseCurrency } totalSpent { amount } latestExpenses { title categoryCode amount { amount } } } }';
const SUBSCRIPTION = 'subscription { dashboardUpdated { user { id } expenseCount revision } }';
const CREATE = 'mutation($i: CreateExpenseInput!) { createExpense(input: $i) { id } }';

const t0 = Date.now();
const say = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : '-');
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function procStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

let system: RunningSystem | undefined;
const clients: Client[] = [];
let stopping: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  stopping ??= (async () => {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    await system?.stop();
  })();
  return stopping;
}
process.once('SIGINT', () => {
  say('\ninterrupted: printing what was measured, then stopping the services');
  report(true);
  void cleanUp().finally(() => process.exit(130));
});
process.once('SIGTERM', () => void cleanUp().finally(() => process.exit(143)));

type User = BenchUser;

type LoadFigures = Awaited<ReturnType<typeof load>>;
/** What the run has measured so far: the report prints whatever is here, also when interrupted. */
const figures: {
  gatewayPid?: number;
  rssBefore?: number;
  hwmBefore?: number;
  hwmSubscribed?: number;
  fanOut?: { clientsWithOwnPush: number; foreignPushes: number; totalPushes: number; hwm: number; rss: number };
  freshness?: { sorted: number[]; sentIn: number; mutationErrors: number; missed: number };
  hops?: Chain[];
  viaGateway?: LoadFigures;
  withEntityFetches?: LoadFigures;
  direct?: LoadFigures;
  hwmEnd?: number;
} = {};

function signUp(sys: RunningSystem, i: number, runId: string): Promise<User> {
  // Each user from its own (forwarded) address: requestOtp is rate-limited per client address.
  const profile = { firstName: `Bench${i}`, username: `b${runId.slice(-6)}${i}` };
  return signUpUser(sys, `bench-${runId}-${i}@example.com`, profile, `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}`);
}

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((x, j) => fn(x, i + j)))));
  return out;
}

interface Push {
  userId: string;
  expenseCount: number;
  at: number;
  /** Date.now() at arrival, to compare with the events' timestamps. */
  wall: number;
}
function subscribe(wsUrl: string, user: User, onPush: (p: Push) => void): Promise<Client> {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${user.token}` }, retryAttempts: 0, lazy: false });
  clients.push(client);
  return new Promise((resolve, reject) => {
    const off = client.on('connected', () => {
      off();
      resolve(client);
    });
    client.on('error', reject);
    client.subscribe<{ dashboardUpdated: { user: { id: string }; expenseCount: number } }>(
      { query: SUBSCRIPTION },
      {
        next: (m) => {
          const d = m.data?.dashboardUpdated;
          if (d) onPush({ userId: d.user.id, expenseCount: d.expenseCount, at: performance.now(), wall: Date.now() });
        },
        error: (e) => say(`subscription error for ${user.id}: ${JSON.stringify(e)}`),
        complete: () => {},
      },
    );
  });
}

let expenseSeq = 0;
const createExpense = (url: string, user: User) =>
  gql<{ createExpense: { id: string } }>(url, CREATE, { i: { title: `Bench expense ${++expenseSeq}`, amount: { amount: '12.34' }, categoryCode: 'miscellaneous', mood: 'NEUTRAL' } }, user.token);

async function load(url: string, query: string, tokens: string[], requests: number, concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        try {
          await gql(url, query, {}, tokens[i % tokens.length]);
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { perSecond: (latencies.length * 1000) / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ok: latencies.length, errors };
}

async function main(): Promise<void> {
  const stack = await createStack().up((line) => say(`[stack] ${line}`));
  say('starting user, expense, income, financial-data, dashboard and the gateway...');
  system = await startSystem(['user', 'expense', 'income', 'financial-data', 'dashboard', 'gateway'], {
    stack,
    // The gateway's per-address HTTP limit (600/min) would refuse a load test from one address.
    env: { GATEWAY_REQUESTS_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' },
    logDir: join(stateDir, 'logs', 'bench'),
  });
  const sys = system;
  const gatewayPid = sys.pids.gateway!;
  const wsUrl = sys.url.replace('http', 'ws');
  const directUrl = `http://127.0.0.1:${sys.ports.dashboard}/graphql`;
  const runId = Date.now().toString(36);

  say(`signing up ${USERS} users...`);
  const users = await inBatches(Array.from({ length: USERS }, (_, i) => i), 10, (i) => signUp(sys, i, runId));
  const tokens = users.map((u) => u.token);
  // One expense each, so the dashboards have content, and wait until every read model has it.
  await inBatches(users, 20, (u) => createExpense(sys.url, u));
  for (let i = 0; i < 240; i++) {
    const counts = await inBatches(users, 20, (u) => gql<{ dashboard: { expenseCount: number } }>(directUrl, '{ dashboard { expenseCount } }', {}, u.token));
    if (counts.every((c) => c.dashboard.expenseCount >= 1)) break;
    await sleep(500);
  }
  figures.gatewayPid = gatewayPid;
  figures.rssBefore = procStatusKb(gatewayPid, 'VmRSS');
  figures.hwmBefore = procStatusKb(gatewayPid, 'VmHWM');

  // 1. 1,000 subscriptions over the users, then one expense per user: every client must get a push,
  //    and only with its own user's dashboard.
  say(`opening ${SUBSCRIPTIONS} graphql-ws subscriptions over ${USERS} users...`);
  const expected: number[] = Array.from({ length: USERS }, () => 1);
  const pushesOf: Push[][] = Array.from({ length: SUBSCRIPTIONS }, () => []);
  const listeners: ((p: Push) => void)[] = [];
  await inBatches(Array.from({ length: SUBSCRIPTIONS }, (_, i) => i), 50, (i) =>
    subscribe(wsUrl, users[i % USERS]!, (p) => {
      pushesOf[i]!.push(p);
      if (i < USERS) listeners.forEach((l) => l(p));
    }),
  );
  await sleep(2_000); // every subscription routed upstream
  figures.hwmSubscribed = procStatusKb(gatewayPid, 'VmHWM');
  await inBatches(users, 20, (u, i) => createExpense(sys.url, u).then(() => (expected[i] = 2)));
  for (let t = 0; t < 120 && !pushesOf.every((ps, i) => ps.some((p) => p.expenseCount >= expected[i % USERS]!)); t++) await sleep(500);
  const clientsWithOwnPush = pushesOf.filter((ps, i) => ps.some((p) => p.expenseCount >= expected[i % USERS]! && p.userId === users[i % USERS]!.id)).length;
  const foreignPushes = pushesOf.reduce((n, ps, i) => n + ps.filter((p) => p.userId !== users[i % USERS]!.id).length, 0);
  const totalPushes = pushesOf.reduce((n, ps) => n + ps.length, 0);
  figures.fanOut = { clientsWithOwnPush, foreignPushes, totalPushes, hwm: procStatusKb(gatewayPid, 'VmHWM'), rss: procStatusKb(gatewayPid, 'VmRSS') };
  say(`fan-out: ${clientsWithOwnPush} / ${SUBSCRIPTIONS} clients got their own update, ${foreignPushes} foreign pushes`);

  // Keep one subscription per user (the first USERS clients) for the freshness run.
  await Promise.allSettled(clients.splice(USERS).map((c) => c.dispose()));

  // 2. Freshness: createExpense at RATE/s, round-robin over the users, until the owner's push
  //    carries the new expenseCount.
  say(`freshness: ${MUTATIONS} createExpense at ${RATE}/s...`);
  const waiting = new Map<string, { count: number; sentAt: number; measured: Measured }[]>();
  const freshness: number[] = [];
  const measured: Measured[] = [];
  let mutationErrors = 0;
  listeners.push((p) => {
    const pending = waiting.get(p.userId);
    if (!pending) return;
    while (pending.length && pending[0]!.count <= p.expenseCount) {
      const done = pending.shift()!;
      freshness.push(p.at - done.sentAt);
      done.measured.pushedAt = p.wall;
    }
  });
  const counts = users.map(() => 2);
  const inFlight: Promise<unknown>[] = [];
  const start = performance.now();
  for (let k = 0; k < MUTATIONS; k++) {
    const due = start + (k * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const ui = k % USERS;
    const user = users[ui]!;
    counts[ui]! += 1;
    const entry = { count: counts[ui]!, sentAt: performance.now(), measured: { expenseId: '', sentAt: Date.now(), pushedAt: Number.NaN } };
    const list = waiting.get(user.id) ?? [];
    list.push(entry);
    waiting.set(user.id, list);
    measured.push(entry.measured);
    inFlight.push(
      createExpense(sys.url, user)
        .then((r) => (entry.measured.expenseId = r.createExpense.id))
        .catch(() => (mutationErrors += 1)),
    );
  }
  const sentIn = performance.now() - start;
  await Promise.all(inFlight);
  for (let t = 0; t < 60 && [...waiting.values()].some((l) => l.length); t++) await sleep(250);
  const missed = [...waiting.values()].reduce((n, l) => n + l.length, 0);
  freshness.sort((a, b) => a - b);
  figures.freshness = { sorted: freshness, sentIn, mutationErrors, missed };
  say(`freshness: p50 ${fmt(percentile(freshness, 50))} ms, p99 ${fmt(percentile(freshness, 99))} ms`);
  figures.hops = await readChains(stack.KAFKA_BROKERS.split(','), sys.topicPrefix, measured.filter((m) => m.expenseId && Number.isFinite(m.pushedAt)));
  await Promise.allSettled(clients.splice(0).map((c) => c.dispose()));

  // 3. The federated query through the gateway beside the dashboard subgraph directly.
  say(`queries: ${REQUESTS} each at concurrency ${CONCURRENCY} (after a warm-up of ${WARMUP})...`);
  await load(sys.url, FEDERATED, tokens, WARMUP, CONCURRENCY);
  await load(directUrl, DIRECT, tokens, WARMUP, CONCURRENCY);
  const viaGateway = (figures.viaGateway = await load(sys.url, FEDERATED, tokens, REQUESTS, CONCURRENCY));
  say(`gateway: ${fmt(viaGateway.perSecond, 0)} req/s`);
  const direct = (figures.direct = await load(directUrl, DIRECT, tokens, REQUESTS, CONCURRENCY));
  // A query that also needs the user and expense subgraphs (entity fetches), for comparison.
  await load(sys.url, ENTITY_FETCHES, tokens, WARMUP, CONCURRENCY);
  figures.withEntityFetches = await load(sys.url, ENTITY_FETCHES, tokens, REQUESTS, CONCURRENCY);
  say(`direct: ${fmt(direct.perSecond, 0)} req/s`);
  figures.hwmEnd = procStatusKb(gatewayPid, 'VmHWM');
}

let reported = false;
function report(interrupted = false): void {
  if (reported) return;
  reported = true;
  const { viaGateway, direct, withEntityFetches, freshness, fanOut, gatewayPid } = figures;

  const mb = (kb: number | undefined) => fmt((kb ?? Number.NaN) / 1024, 0);
  const ok = (b: boolean) => (b ? 'met' : 'MISSED');
  const notMeasured = '  (not measured: the run ended before this phase)';
  console.log('');
  console.log(`Gateway benchmark, ${new Date().toISOString()}, loopback, every service its own process (node ${process.version})${interrupted ? ' (INTERRUPTED: partial)' : ''}`);
  console.log('');
  console.log(`Queries: ${REQUESTS} requests each after ${WARMUP} to warm up, concurrency ${CONCURRENCY}, tokens of ${USERS} users`);
  if (viaGateway && direct) {
    console.log('                         req/s     p50 ms    p99 ms   errors   target');
    console.log(`  gateway (federated) ${fmt(viaGateway.perSecond, 0).padStart(8)} ${fmt(viaGateway.p50, 2).padStart(10)} ${fmt(viaGateway.p99, 2).padStart(9)} ${String(viaGateway.errors).padStart(8)}   >= 1,000 req/s: ${ok(viaGateway.perSecond >= 1000)}`);
    console.log(`  dashboard directly  ${fmt(direct.perSecond, 0).padStart(8)} ${fmt(direct.p50, 2).padStart(10)} ${fmt(direct.p99, 2).padStart(9)} ${String(direct.errors).padStart(8)}`);
    if (withEntityFetches) console.log(`  gateway, entity fetches ${fmt(withEntityFetches.perSecond, 0).padStart(4)} ${fmt(withEntityFetches.p50, 2).padStart(10)} ${fmt(withEntityFetches.p99, 2).padStart(9)} ${String(withEntityFetches.errors).padStart(8)}   (fields only the user and expense subgraphs have)`);
    console.log(`  gateway p50 / direct p50: ${fmt(viaGateway.p50 / direct.p50, 2)}x   target <= 2x: ${ok(viaGateway.p50 <= 2 * direct.p50)}`);
    console.log(`  federated: ${FEDERATED}`);
    console.log(`  direct:    the same query on the dashboard subgraph`);
    console.log(`  entity fetches: ${ENTITY_FETCHES}`);
  } else console.log(notMeasured);
  console.log('');
  console.log(`Freshness: createExpense through the gateway -> dashboardUpdated push, ${MUTATIONS} mutations at ${RATE}/s over ${USERS} users`);
  if (freshness) {
    const fp50 = percentile(freshness.sorted, 50);
    const fp99 = percentile(freshness.sorted, 99);
    console.log(`  sent in ${fmt(freshness.sentIn / 1000, 1)} s`);
    console.log(`  p50 ${fmt(fp50, 1)} ms   target < 50 ms: ${ok(fp50 < 50)}`);
    console.log(`  p99 ${fmt(fp99, 1)} ms   target < 250 ms: ${ok(fp99 < 250)}`);
    console.log(`  max ${fmt(freshness.sorted.at(-1) ?? Number.NaN, 1)} ms; measured ${freshness.sorted.length}, mutation errors ${freshness.mutationErrors}, pushes never seen ${freshness.missed}`);
    if (figures.hops?.length) {
      console.log(`  by hop, over the ${figures.hops.length} mutations whose events were all found (ms; each hop's percentiles apart, so they do not add up):`);
      console.log('                                              p50      p90      p99');
      for (const [label, from, to] of HOPS) {
        const d = figures.hops.map((c) => c[to] - c[from]).sort((a, b) => a - b);
        console.log(`    ${label.padEnd(40)} ${[50, 90, 99].map((p) => fmt(percentile(d, p), 0).padStart(8)).join(' ')}`);
      }
    }
  } else console.log(notMeasured);
  console.log('');
  console.log(`Subscriptions: ${SUBSCRIPTIONS} graphql-ws clients (one connection each) over ${USERS} users, then one expense per user`);
  if (fanOut) {
    console.log(`  clients that received their own user's new dashboard: ${fanOut.clientsWithOwnPush} / ${SUBSCRIPTIONS}   target all: ${ok(fanOut.clientsWithOwnPush === SUBSCRIPTIONS)}`);
    console.log(`  pushes received: ${fanOut.totalPushes}; of another user's dashboard: ${fanOut.foreignPushes}   target 0: ${ok(fanOut.foreignPushes === 0)}`);
  } else console.log(notMeasured);
  if (gatewayPid !== undefined) {
    console.log(`  gateway memory (pid ${gatewayPid}): RSS ${mb(figures.rssBefore)} MB before (VmHWM ${mb(figures.hwmBefore)} MB);`);
    console.log(`    VmHWM ${mb(figures.hwmSubscribed)} MB with ${SUBSCRIPTIONS} open, ${mb(fanOut?.hwm)} MB after the fan-out (RSS ${mb(fanOut?.rss)} MB); ${mb(figures.hwmEnd)} MB at the end of the run (after the query load)`);
  }
}

try {
  await main();
} finally {
  report();
  await cleanUp();
}
