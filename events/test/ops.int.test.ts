import type { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTestNamespace, createTestMongoDb, type KafkaTestNamespace } from '@expensio/testing';
import {
  ALL_TOPICS,
  applyEventOnce,
  createConsumerRunner,
  describeGroupLag,
  describeTopics,
  GroupActiveError,
  purgeDeadLetters,
  readDeadLetters,
  resetGroupOffsets,
  TOPICS,
} from '../src/index.ts';
import { expenseCreated } from './fixtures.ts';

type Row = { _id: string; [field: string]: unknown };

describe('operations: topics, lag, replay from the earliest offset (real Kafka and FerretDB)', () => {
  let ns: KafkaTestNamespace;
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;

  beforeAll(async () => {
    ns = await createKafkaTestNamespace(); // default partitions
    mongo = await createTestMongoDb('ops');
  });

  afterAll(async () => {
    await ns.cleanup();
    await mongo.drop();
  });

  it('creates every catalog topic with 3 partitions and its dead-letter topic', async () => {
    const topics = (await describeTopics(ns.kafka)).filter((t) => t.topic.startsWith(ns.topicPrefix));
    const names = topics.map((t) => t.topic.slice(ns.topicPrefix.length)).sort();
    expect(names).toEqual([...ALL_TOPICS, ...ALL_TOPICS.map((t) => `${t}.dlq`)].sort());
    expect(topics.every((t) => t.partitions === 3)).toBe(true);
  });

  it('rebuilds a projection from the earliest offset into identical figures, and refuses while the group is live', async () => {
    const users = ['u1', 'u2', 'u3', 'u4'];
    const events = Array.from({ length: 40 }, (_, i) => expenseCreated(users[i % users.length]!, 100 * (i + 1)));
    await ns.producer.publish(events);
    const groupId = ns.groupId('rebuild');

    const runProjection = (into: Collection<Row>) =>
      createConsumerRunner({
        kafka: ns.kafka,
        groupId,
        topics: [TOPICS.expense],
        topicPrefix: ns.topicPrefix,
        deadLetters: ns.producer,
        handle: async (event) => {
          if (event.type !== 'EXPENSE_CREATED') return;
          await applyEventOnce(into, event.id, {
            filter: { _id: event.subject },
            update: { $inc: { spentMinor: event.data.amount.minor, count: 1 } },
          });
        },
      });
    const snapshot = async (c: Collection<Row>) =>
      (await c.find({}, { projection: { spentMinor: 1, count: 1 } }).sort({ _id: 1 }).toArray());

    const first = mongo.db.collection<Row>('totals_first');
    const runner = runProjection(first);
    await runner.start();
    await expect.poll(async () => (await describeGroupLag(ns.kafka, groupId))[0]?.totalLag, { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await snapshot(first)).reduce((n, r) => n + Number(r.count), 0), { timeout: 30_000 }).toBe(40);

    // While its consumer is live, a reset is refused
    await expect(resetGroupOffsets(ns.kafka, groupId, { earliest: true })).rejects.toBeInstanceOf(GroupActiveError);
    await runner.stop();

    // Reset to earliest, then rebuild into an empty collection
    const reset = await resetGroupOffsets(ns.kafka, groupId, { earliest: true });
    expect(reset.map((r) => r.topic)).toContain(`${ns.topicPrefix}${TOPICS.expense}`);
    const [lagged] = await describeGroupLag(ns.kafka, groupId);
    expect(lagged?.totalLag).toBe(40);

    const rebuilt = mongo.db.collection<Row>('totals_rebuilt');
    const again = runProjection(rebuilt);
    await again.start();
    await expect.poll(async () => (await snapshot(rebuilt)).reduce((n, r) => n + Number(r.count), 0), { timeout: 30_000 }).toBe(40);
    await again.stop();
    expect(await snapshot(rebuilt)).toEqual(await snapshot(first));
  });

  it('purges a dead-letter topic', async () => {
    const dlq = `${ns.topicPrefix}${TOPICS.income}.dlq`;
    await ns.producer.sendMessages([
      { topic: dlq, message: { key: 'k', value: 'x', headers: { 'x-original-topic': `${ns.topicPrefix}${TOPICS.income}` } } },
    ]);
    expect(await readDeadLetters(ns.kafka, dlq)).toHaveLength(1);
    expect(await purgeDeadLetters(ns.kafka, dlq)).toEqual({ purged: 1 });
    expect(await readDeadLetters(ns.kafka, dlq)).toHaveLength(0);
  });
});
