import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { getStackEnv, uniqueName } from '@expensio/testing';

// Proves the local broker is a real Kafka that kafkajs can use the way the event runtime will:
// topics, produce, consumer groups with manual commits, and resume after the committed offset.
describe('local Kafka broker', () => {
  const kafka = new Kafka({
    clientId: 'stack-test',
    brokers: getStackEnv().KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const topic = uniqueName('stack-test');
  const groupId = uniqueName('stack-test-group');
  const consumers: Consumer[] = [];

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => {})));
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await admin.disconnect();
  });

  async function consume(
    onMessage: (offset: number, value: string, commit: () => Promise<void>) => Promise<void>,
  ): Promise<Consumer> {
    const consumer = kafka.consumer({ groupId });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const offset = Number(message.offset);
        await onMessage(offset, message.value!.toString(), () =>
          consumer.commitOffsets([{ topic, partition, offset: String(offset + 1) }]),
        );
      },
    });
    return consumer;
  }

  const committedOffset = async () =>
    Number((await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions[0]!.offset);

  it('creates a topic, produces, and a restarted consumer resumes after the committed offset', async () => {
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true })).toBe(true);

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: ['m0', 'm1', 'm2', 'm3', 'm4'].map((value) => ({ key: 'user-1', value })),
    });
    await producer.disconnect();

    // Given a consumer that processes and commits the first three messages, then "crashes".
    const firstSeen: string[] = [];
    const first = await consume(async (offset, value, commit) => {
      if (offset >= 3) return; // fetched but never committed: must be redelivered
      firstSeen.push(value);
      await commit();
    });
    await expect.poll(committedOffset, { timeout: 30_000 }).toBe(3);
    await first.disconnect();
    expect(firstSeen).toEqual(['m0', 'm1', 'm2']);

    // When a new consumer joins the same group, it starts right after the committed offset.
    const secondSeen: { offset: number; value: string }[] = [];
    await consume(async (offset, value, commit) => {
      secondSeen.push({ offset, value });
      await commit();
    });
    await expect.poll(() => secondSeen.length, { timeout: 30_000 }).toBe(2);
    expect(secondSeen).toEqual([
      { offset: 3, value: 'm3' },
      { offset: 4, value: 'm4' },
    ]);
    await expect.poll(committedOffset, { timeout: 10_000 }).toBe(5);
  });
});
