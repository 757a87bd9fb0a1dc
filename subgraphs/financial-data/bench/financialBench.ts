// npm run bench:financial: events/s applied to the month aggregates for 100,000 expense events read
// from a real Kafka topic (1,000 users x 12 months), and the process's peak resident memory.
// Runs on a topic namespace and a database of its own, both removed at the end. The events are
// produced by a child process first, so the measured process is the consumer alone.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createEvent,
  createEventProducer,
  createKafkaClient,
  createMongoOutboxRelay,
  ensureTopics,
  sourceOf,
  TOPICS,
  type ExpenseSnapshot,
  type ExpensioEvent,
} from '@expensio/events';
import { COGNITIVE_TRIGGERS, EXPENSE_CATEGORY_CODES, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { createLogger } from '@expensio/kit';
import { MongoClient } from 'mongodb';
import { createAggregatesConsumer } from '../src/events/aggregatesConsumer.ts';
import { createBudgetStore } from '../src/model/budgetStore.ts';
import { decodeMonth } from '../src/model/monthCodec.ts';
import { createMonthStore } from '../src/model/monthStore.ts';

const USERS = Number(process.env.BENCH_USERS ?? 1_000);
const PER_USER = Number(process.env.BENCH_EVENTS_PER_USER ?? 100);
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const writeConcurrency = Number(process.env.FINANCIAL_WRITE_CONCURRENCY ?? 16);
const partitions = Number(process.env.BENCH_PARTITIONS ?? 3);

let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

/** One user's year: creates spread over 12 months, then some updates (a few moving month) and deletes. */
function userEvents(userId: string): ExpensioEvent[] {
  const opts = { subject: userId, source: sourceOf('expense') };
  const events: ExpensioEvent[] = [];
  const live: ExpenseSnapshot[] = [];
  const creates = Math.round(PER_USER * 0.8);
  for (let i = 0; i < creates; i++) {
    const month = (i % 12) + 1;
    const s: ExpenseSnapshot = {
      expenseId: randomUUID(), userId, title: 'bench', amount: { minor: 100 + Math.floor(rand() * 10_000), currency: rand() < 0.95 ? 'EUR' : 'USD' },
      categoryCode: pick(EXPENSE_CATEGORY_CODES), mood: pick(MOODS), cognitiveTriggers: rand() < 0.5 ? [pick(COGNITIVE_TRIGGERS)] : [],
      expenseType: null, paymentMethod: pick(PAYMENT_METHODS), merchant: null, tags: [], isRecurring: rand() < 0.1,
      occurredAt: `2025-${String(month).padStart(2, '0')}-${String(1 + Math.floor(rand() * 27)).padStart(2, '0')}T12:00:00Z`,
      timeZone: 'Europe/Paris', version: 1,
    };
    live.push(s);
    events.push(createEvent('EXPENSE_CREATED', s, opts));
  }
  for (let i = creates; i < PER_USER; i++) {
    const index = Math.floor(rand() * live.length);
    const before = live[index]!;
    if (rand() < 0.25) {
      events.push(createEvent('EXPENSE_DELETED', { expenseId: before.expenseId, userId, version: before.version + 1, deletedAt: '2026-01-01T00:00:00Z', before }, opts));
      live.splice(index, 1);
    } else {
      const after = { ...before, amount: { ...before.amount, minor: before.amount.minor + 100 }, occurredAt: rand() < 0.3 ? '2025-12-20T12:00:00Z' : before.occurredAt, version: before.version + 1 };
      events.push(createEvent('EXPENSE_UPDATED', { expenseId: before.expenseId, userId, version: after.version, before, after, changedFields: ['amount', 'occurredAt'] }, opts));
      live[index] = after;
    }
  }
  return events;
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The child: publishes every user's events to the namespace's topics; prints its counts as JSON. */
async function produce(prefix: string): Promise<void> {
  const kafka = createKafkaClient({ brokers, clientId: 'bench-financial-producer' });
  const producer = createEventProducer(kafka, { topicPrefix: prefix });
  await producer.connect();
  // Per user in time order, as an import or a year of use would.
  let expectedLive = 0;
  let total = 0;
  for (let u = 0; u < USERS; u += 4) {
    const batch: ExpensioEvent[] = [];
    for (let k = u; k < Math.min(USERS, u + 4); k++) {
      const events = userEvents(randomUUID());
      expectedLive += events.filter((e) => e.type === 'EXPENSE_CREATED').length - events.filter((e) => e.type === 'EXPENSE_DELETED').length;
      batch.push(...events);
    }
    await producer.publish(batch);
    total += batch.length;
  }
  await producer.disconnect();
  process.stdout.write(`${JSON.stringify({ total, expectedLive })}\n`);
}

function produceInChild(prefix: string): Promise<{ total: number; expectedLive: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--produce', prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`producer exited with ${code}`))));
  });
}

async function main() {
  const prefix = `bench-financial-${Date.now()}.`;
  const kafka = createKafkaClient({ brokers, clientId: 'bench-financial' });
  await ensureTopics(kafka, { topicPrefix: prefix, topics: [TOPICS.expense, TOPICS.income, TOPICS.financialData], partitions });
  const producer = createEventProducer(kafka, { topicPrefix: prefix });
  await producer.connect();
  const client = await new MongoClient(mongoUri).connect();
  const db = client.db(`bench_financial_${Date.now()}`);
  try {
    const t0 = Date.now();
    const { total, expectedLive } = await produceInChild(prefix);
    console.log(`produced ${total} events (${USERS} users x 12 months) in ${((Date.now() - t0) / 1000).toFixed(1)} s, in a child process`);

    const budgets = createBudgetStore(db);
    const realRelay = createMongoOutboxRelay({ collections: [db.collection('months')], producer, log: createLogger({ service: 'bench-relay', level: 'error' }) });
    // BENCH_RELAY=off measures the aggregates alone (the outbox is then published after the timing).
    const relay = process.env.BENCH_RELAY === 'off' ? { ...realRelay, nudge() {}, handOff() {} } : realRelay;
    const months = createMonthStore({ db, budgets, relay, writeConcurrency });
    await db.collection('months').createIndex({ userId: 1, month: 1 });
    const consumer = createAggregatesConsumer({ kafka, months, deadLetters: producer, groupId: `bench.${randomUUID()}`, topicPrefix: prefix, partitionsConsumedConcurrently: partitions });
    let peakRss = process.memoryUsage().rss;
    console.log(`RSS before consuming: ${mb(peakRss)}`);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const withRelay = process.env.BENCH_RELAY !== 'off';
    if (withRelay) relay.start();
    const start = Date.now();
    await consumer.start();
    let lastLog = Date.now();
    while (consumer.stats.processed + consumer.stats.deadLettered < total) {
      await new Promise((r) => setTimeout(r, 20));
      if (Date.now() - lastLog > 2_000) {
        lastLog = Date.now();
        const m = process.memoryUsage();
        console.log(`  ... ${consumer.stats.processed} applied, ${consumer.stats.batches} batches, rss ${mb(m.rss)} (heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}, external ${mb(m.external)})`);
      }
    }
    const applied = Date.now() - start;
    const rate = total / (applied / 1000);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`applied ${total} events in ${(applied / 1000).toFixed(2)} s: ${Math.round(rate)} events/s` +
      ` (${consumer.stats.batches} batches, ${consumer.stats.deadLettered} dead-lettered), peak RSS so far ${mb(peakRss)}`);
    await consumer.stop();
    clearInterval(sampler);

    // Figures are stored as text (monthCodec.ts), so they are summed here, not by the database.
    let docs = 0;
    let counted = 0;
    for await (const stored of months.collection.find({}, { projection: { figures: 1 } })) {
      docs += 1;
      counted += decodeMonth(stored).figures.expenses.count;
    }
    const ok = counted === expectedLive;
    console.log(`check: ${docs} month documents; live expenses counted ${counted}, expected ${expectedLive}: ${ok ? 'OK' : 'MISMATCH'}`);
    console.log(`target >= 10000 events/s: ${rate >= 10_000 ? 'met' : 'NOT met'}; peak RSS < 300 MB: ${peakRss < 300 * 1024 * 1024 ? 'met' : 'NOT met'}`);
    // The outbox relay (events package) publishes FINANCIALDATA_UPDATED after the timing above.
    const drainStart = Date.now();
    const drainLimit = Number(process.env.BENCH_DRAIN_SECONDS ?? 120) * 1000;
    realRelay.start();
    const drained = await Promise.race([realRelay.flush().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), drainLimit).unref())]);
    const pending = await db.collection('months').countDocuments({ '_outbox.0': { $exists: true } });
    console.log(`outbox: ${realRelay.stats.published} FINANCIALDATA_UPDATED published in ${((Date.now() - drainStart) / 1000).toFixed(1)} s` +
      `${withRelay ? ' (plus what the relay published during the run)' : ''}; ${drained ? 'drained' : `NOT drained within ${drainLimit / 1000} s, ${pending} documents still pending`}`);
    await realRelay.stop(1_000);
    if (!ok) process.exitCode = 1;
  } finally {
    await db.dropDatabase().catch(() => {});
    await client.close();
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await admin.deleteTopics({ topics }).catch(() => {});
    await admin.disconnect();
  }
}

if (process.argv[2] === '--produce') await produce(process.argv[3]!);
else await main();
