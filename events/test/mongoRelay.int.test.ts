import type { Collection, Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTestNamespace, createTestMongoDb, type KafkaTestNamespace } from '@expensio/testing';
import {
  createMongoOutboxRelay,
  OUTBOX_FIELD,
  readTopic,
  toOutboxEntries,
  TOPICS,
  type EventProducer,
  type OutboxEntry,
} from '../src/index.ts';
import { expenseCreated } from './fixtures.ts';

type Row = { _id: string; n: number; [OUTBOX_FIELD]?: OutboxEntry[] };

/**
 * The Mongo relay's hand-off (OutboxRelay.handOff): a writer hands over the entries it just wrote,
 * and the relay publishes them without reading the documents back. Real FerretDB and Kafka; the
 * collection is the real one, wrapped only to count the relay's reads.
 */
describe('Mongo outbox relay: entries handed over by the writer', () => {
  let ns: KafkaTestNamespace;
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;

  beforeAll(async () => {
    ns = await createKafkaTestNamespace({ partitions: 1 });
    mongo = await createTestMongoDb('relay-handoff');
  });

  afterAll(async () => {
    await ns.cleanup();
    await mongo.drop();
  });

  /** The real collection; `reads` counts the finds made through it. */
  function counted(name: string) {
    const real = mongo.db.collection<Row>(name);
    const stats = { reads: 0 };
    const collection = new Proxy(real, {
      get(target, key, receiver) {
        if (key === 'find' || key === 'findOne') stats.reads += 1;
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    return { real, collection: collection as unknown as Collection<Document>, stats };
  }

  const idsOnTopic = async (userId: string) =>
    (await readTopic(ns.kafka, `${ns.topicPrefix}${TOPICS.expense}`))
      .filter((m) => m.message.key?.toString() === userId)
      .map((m) => (JSON.parse(m.message.value!.toString()) as { id: string }).id);

  async function settled(relay: { stats: { published: number } }, published: number) {
    for (let i = 0; i < 200 && relay.stats.published < published; i++) await new Promise((r) => setTimeout(r, 25));
  }

  it('publishes handed-over entries in write order and clears them, without reading the documents', async () => {
    const { real, collection, stats } = counted('handed');
    const relay = createMongoOutboxRelay({ collections: [collection], producer: ns.producer, pollIntervalMs: 60_000 });
    relay.start();
    await relay.flush(); // the first round sweeps (recovery): reads are expected until here
    const readsBefore = stats.reads;

    const events = [1, 2, 3, 4, 5, 6].map((i) => expenseCreated('user-handed', i));
    // Two documents, written twice each, entries handed over after each write.
    for (const [i, event] of events.entries()) {
      const _id = `doc-${i % 2}`;
      const entries = toOutboxEntries([event]);
      await real.updateOne({ _id }, { $inc: { n: 1 }, $push: { [OUTBOX_FIELD]: { $each: entries } } }, { upsert: true });
      relay.handOff(collection, [{ _id, entries }]);
    }
    await settled(relay, events.length);
    const reads = stats.reads - readsBefore;
    await relay.stop(5_000); // stopping flushes, which sweeps (reads)

    expect(reads).toBe(0);
    // Each document's entries in the order written (the promise is per document, not across them).
    const onTopic = await idsOnTopic('user-handed');
    expect([...onTopic].sort()).toEqual(events.map((e) => e.id).sort());
    for (const doc of [0, 1]) {
      const written = events.filter((_, i) => i % 2 === doc).map((e) => e.id);
      expect(onTopic.filter((id) => written.includes(id))).toEqual(written);
    }
    expect(await real.countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } })).toBe(0);
  });

  it('does not publish again entries a read published before their hand-off arrived', async () => {
    const { real, collection } = counted('late-handoff');
    const relay = createMongoOutboxRelay({ collections: [collection], producer: ns.producer, pollIntervalMs: 60_000 });
    relay.start();
    await relay.flush();

    const event = expenseCreated('user-late-handoff', 1);
    const entries = toOutboxEntries([event]);
    await real.insertOne({ _id: 'doc', n: 1, [OUTBOX_FIELD]: entries });
    // A read finds the entry first (as a sweep would, between the write and the writer's hand-off)...
    relay.nudge(collection, ['doc']);
    await settled(relay, 1);
    for (let i = 0; i < 200 && ((await real.findOne({ _id: 'doc' }))?.[OUTBOX_FIELD] ?? []).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
    // ...then the writer hands the same entry over.
    relay.handOff(collection, [{ _id: 'doc', entries }]);
    await relay.stop(5_000);

    expect((await idsOnTopic('user-late-handoff')).filter((id) => id === event.id)).toHaveLength(1);
    expect(relay.stats.published).toBe(1);
  });

  it('after a failed publish, reads handed-over documents back so older entries still go first', async () => {
    const { real, collection, stats } = counted('recovering');
    let failures = 1;
    const flaky: EventProducer = {
      ...ns.producer,
      sendMessages: async (messages) => {
        if (failures-- > 0) throw new Error('broker unavailable (test)');
        return ns.producer.sendMessages(messages);
      },
    };
    const relay = createMongoOutboxRelay({ collections: [collection], producer: flaky, pollIntervalMs: 60_000 });
    relay.start();
    await relay.flush();

    const [older, newer] = [expenseCreated('user-recovering', 1), expenseCreated('user-recovering', 2)];
    const first = toOutboxEntries([older]);
    await real.insertOne({ _id: 'doc', n: 1, [OUTBOX_FIELD]: first });
    relay.handOff(collection, [{ _id: 'doc', entries: first }]); // its publish fails: the entry stays
    for (let i = 0; i < 200 && failures > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(failures).toBe(0); // failed once; the retry (a recovering round) is 250 ms away
    const readsBefore = stats.reads;

    const second = toOutboxEntries([newer]);
    await real.updateOne({ _id: 'doc' }, { $inc: { n: 1 }, $push: { [OUTBOX_FIELD]: { $each: second } } });
    relay.handOff(collection, [{ _id: 'doc', entries: second }]);
    await settled(relay, 2);
    await relay.stop(5_000);

    expect(stats.reads - readsBefore).toBeGreaterThan(0); // recovered by reading, not from the hand-off
    const ids = await idsOnTopic('user-recovering');
    expect(ids.indexOf(older.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.lastIndexOf(newer.id));
    expect(ids.filter((id) => id === newer.id).length).toBeGreaterThan(0);
    expect((await real.findOne({ _id: 'doc' }))?.[OUTBOX_FIELD]).toEqual([]);
  });
});
