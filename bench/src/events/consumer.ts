// Phase process (b), "the projection": the real createConsumerRunner (manual commits) applying
// EXPENSE_CREATED to per-user-month totals in FerretDB, idempotently: a fetched batch folded into one
// update per user-month (applyManyOnce: unordered bulk writes, the event ids recorded in the same
// write as the totals), falling back to applyEventOnce per event for a user-month that holds one
// already applied.
import { MongoClient, type Collection } from 'mongodb';
import {
  applyEventOnce,
  applyManyOnce,
  createConsumerRunner,
  createEventProducer,
  createKafkaClient,
  TOPICS,
  type BatchItem,
  type EventsOfTopic,
  type ExpensioEvent,
} from '@expensio/events';
import { runChild } from './child.ts';
import { monthKey } from './expenseEvents.ts';
import { APPLY_CONCURRENCY, PARTITIONS_CONCURRENTLY } from './settings.ts';
import {
  createSamples,
  createTimers,
  forEachLimit,
  timeMongoCommands,
  waitForStableGroup,
} from './figures.ts';

type ExpenseEvent = EventsOfTopic<typeof TOPICS.expense>;
interface MonthTotal {
  _id: string;
  count?: number;
  spentMinor?: number;
}

let applied = 0;
let duplicates = 0;

runChild(
  async ({ config, ready, stopped, stopping }) => {
    const timers = createTimers();
    const mongo = new MongoClient(config.mongoUri, { monitorCommands: true });
    timeMongoCommands(mongo, timers, (name) => (name === 'update' ? 'mongo.apply' : undefined));
    await mongo.connect();
    const totals: Collection<MonthTotal> = mongo
      .db(config.dbName)
      .collection<MonthTotal>('monthlyTotals');
    const latency = createSamples(config.events);
    let lastAppliedAt = 0;
    let done: () => void = () => {};
    const allApplied = new Promise<void>((r) => (done = r));

    const recordApplied = (events: readonly ExpensioEvent<'EXPENSE_CREATED'>[]) => {
      const now = Date.now();
      for (const event of events) latency.add(now - Date.parse(event.time));
      applied += events.length;
      lastAppliedAt = now;
      if (applied >= config.events) done();
    };

    const applyOne = async (event: ExpensioEvent<'EXPENSE_CREATED'>) => {
      const outcome = await applyEventOnce(totals, event.id, {
        filter: { _id: monthKey(event) },
        update: { $inc: { count: 1, spentMinor: event.data.amount.minor } },
      });
      if (outcome === 'applied') recordApplied([event]);
      else duplicates += 1;
    };

    const handle = async (event: ExpenseEvent) => {
      if (event.type === 'EXPENSE_CREATED') await timers.time('handle', () => applyOne(event));
    };

    const handleBatch = (items: readonly BatchItem<ExpenseEvent>[]) =>
      timers.time('handleBatch', async () => {
        const groups = new Map<string, ExpensioEvent<'EXPENSE_CREATED'>[]>();
        for (const { event } of items) {
          if (event.type !== 'EXPENSE_CREATED') continue;
          const key = monthKey(event);
          const group = groups.get(key);
          if (group) group.push(event);
          else groups.set(key, [event]);
        }
        // One unordered bulk write per chunk of user-months, APPLY_CONCURRENCY chunks in flight.
        const entries = [...groups];
        const chunks: (typeof entries)[] = [];
        const size = Math.max(1, Math.ceil(entries.length / APPLY_CONCURRENCY));
        for (let i = 0; i < entries.length; i += size) chunks.push(entries.slice(i, i + size));
        await forEachLimit(chunks, APPLY_CONCURRENCY, async (chunk) => {
          const outcomes = await applyManyOnce(
            totals,
            chunk.map(([key, events]) => ({
              id: key,
              eventIds: events.map((e) => e.id),
              update: {
                $inc: {
                  count: events.length,
                  spentMinor: events.reduce((s, e) => s + e.data.amount.minor, 0),
                },
              },
            })),
          );
          for (const [i, outcome] of outcomes.entries()) {
            const events = chunk[i]![1];
            if (outcome === 'applied') recordApplied(events);
            // One of them was applied before (a redelivery): one at a time, so the others still count.
            else for (const event of events) await applyOne(event);
          }
        });
      });

    const kafka = createKafkaClient({ brokers: config.brokers, clientId: 'bench-consumer' });
    const deadLetters = createEventProducer(kafka, { topicPrefix: config.topicPrefix });
    await deadLetters.connect();
    const runner = createConsumerRunner({
      kafka,
      groupId: config.groupId,
      topics: [TOPICS.expense],
      topicPrefix: config.topicPrefix,
      deadLetters,
      handle,
      handleBatch,
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
    });
    await runner.start();
    await waitForStableGroup(kafka, config.groupId);
    const readyAt = Date.now();
    ready();
    await Promise.race([allApplied, stopped]);
    const doneAt = Date.now();
    await runner.stop();
    await deadLetters.disconnect();
    await mongo.close();
    return {
      applied,
      duplicates,
      aborted: stopping() && applied < config.events ? 1 : 0,
      readyAt,
      doneAt,
      lastAppliedAt,
      batches: runner.stats.batches,
      deadLettered: runner.stats.deadLettered,
      ...latency.figures('latencyMs'),
      ...timers.figures(),
    };
  },
  () => ({ applied, duplicates }),
);
