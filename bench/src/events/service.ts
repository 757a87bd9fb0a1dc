// Phase process (a), "the service": writes expenses, each inserted together with its
// EXPENSE_CREATED outbox entry in one single-document write, and runs the real Mongo outbox relay
// (idempotent producer, acks=-1, conditional $pullAll clear), nudged with the ids it wrote.
import { MongoBulkWriteError, MongoClient, type Collection, type Document } from 'mongodb';
import {
  createEventProducer,
  createKafkaClient,
  createMongoOutboxRelay,
  OUTBOX_FIELD,
  toOutboxEntries,
  type EventProducer,
  type HandedOver,
} from '@expensio/events';
import { runChild } from './child.ts';
import { benchExpense } from './expenseEvents.ts';
import { createTimers, timeMongoCommands } from './figures.ts';
import { RELAY_BATCH, WRITE_BATCH } from './settings.ts';

let written = 0;
let published = 0;
let insertRetries = 0;

/** FerretDB on SQLite answers "database is locked" when a writer waited out SQLite's busy timeout. */
const isBusy = (err: unknown) =>
  err instanceof Error && /SQLITE_BUSY|database is locked/.test(err.message);
/** A retried insert meeting the documents its failed try did write (a retry is safe: _id is unique). */
const onlyDuplicates = (err: unknown) =>
  err instanceof MongoBulkWriteError &&
  err.writeErrors instanceof Array &&
  err.writeErrors.every((e) => e.code === 11000);

/** Inserts like a service would: a busy store is retried (counted), anything else fails the run. */
async function insertWithRetry(collection: Collection<Document>, docs: Document[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await collection.insertMany(docs, { ordered: false });
      return;
    } catch (err) {
      if (attempt > 1 && onlyDuplicates(err)) return;
      if (!isBusy(err) || attempt >= 20) throw err;
      insertRetries += 1;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

runChild(
  async ({ config, ready, go, stopping }) => {
    const timers = createTimers();
    const mongo = new MongoClient(config.mongoUri, { monitorCommands: true });
    timeMongoCommands(mongo, timers, (name, command) => {
      if (name === 'insert') return 'mongo.insert';
      if (name === 'update') return 'mongo.relayClear';
      if (name === 'find')
        return JSON.stringify(command.filter ?? {}).includes('"_id"')
          ? 'mongo.relayFindNudged'
          : 'mongo.relaySweep';
      return undefined;
    });
    await mongo.connect();
    const expenses: Collection<Document> = mongo.db(config.dbName).collection('expenses');

    const kafka = createKafkaClient({ brokers: config.brokers, clientId: 'bench-service' });
    const inner = createEventProducer(kafka, { topicPrefix: config.topicPrefix });
    await inner.connect();
    // The relay's producer, timed: publish time is what Kafka costs the relay.
    const producer: EventProducer = {
      ...inner,
      sendMessages: (messages) => timers.time('kafka.publish', () => inner.sendMessages(messages)),
    };
    const relay = createMongoOutboxRelay({
      collections: [expenses],
      producer,
      batchSize: RELAY_BATCH,
    });
    relay.start();
    ready();
    await go;

    const firstWriteAt = Date.now();
    const write = async (from: number, count: number) => {
      const docs: Document[] = [];
      const handed: HandedOver[] = [];
      for (let i = from; i < from + count; i++) {
        const event = benchExpense(i);
        const entries = toOutboxEntries([event]);
        docs.push({
          _id: event.data.expenseId,
          userId: event.data.userId,
          amountMinor: event.data.amount.minor,
          occurredAt: event.data.occurredAt,
          [OUTBOX_FIELD]: entries,
        });
        handed.push({ _id: event.data.expenseId, entries });
      }
      await timers.time('insertMany', () => insertWithRetry(expenses, docs));
      written += count;
      // New documents hold only the entries just written: handed over, not read back.
      relay.handOff(expenses, handed);
    };

    if (config.rate > 0) {
      // Paced: every 10 ms, write what the rate says is due by now (no drift, no bursts).
      while (written < config.events && !stopping()) {
        const due = Math.min(
          config.events,
          Math.floor(((Date.now() - firstWriteAt) * config.rate) / 1_000),
        );
        if (due > written) await write(written, due - written);
        await new Promise((r) => setTimeout(r, 10));
      }
    } else {
      while (written < config.events && !stopping())
        await write(written, Math.min(WRITE_BATCH, config.events - written));
    }
    const lastWriteAt = Date.now();

    // Wait until the relay has published every entry (the consumer reports when they are applied).
    while (relay.stats.published < written && !stopping()) {
      published = relay.stats.published;
      await new Promise((r) => setTimeout(r, 50));
    }
    published = relay.stats.published;
    const publishedAllAt = Date.now();
    await relay.stop(stopping() ? 1_000 : 10_000);
    await inner.disconnect();
    await mongo.close();
    return {
      written,
      insertRetries,
      published: relay.stats.published,
      relayRounds: relay.stats.rounds,
      firstWriteAt,
      lastWriteAt,
      publishedAllAt,
      ...timers.figures(),
    };
  },
  () => ({ written, published, insertRetries }),
);
