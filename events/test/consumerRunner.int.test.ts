import type { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTestNamespace, createTestMongoDb, type KafkaTestNamespace } from '@expensio/testing';
import {
  applyEventOnce,
  createConsumerRunner,
  DLQ_HEADERS,
  olderThan,
  readDeadLetters,
  replayDeadLetters,
  TOPICS,
  type ConsumerRunner,
  type EventsOfTopic,
} from '../src/index.ts';
import { expenseCreated, expenseUpdated } from './fixtures.ts';

type ExpenseEvent = EventsOfTopic<typeof TOPICS.expense>;

describe('consumer runner against real Kafka and FerretDB', () => {
  let ns: KafkaTestNamespace;
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;
  type Row = { _id: string; [field: string]: unknown };
  let totals: Collection<Row>;
  let expenses: Collection<Row>;
  const runners: ConsumerRunner[] = [];
  /** Titles the handler currently fails on (a bug "in production"), to exercise retries and the DLQ. */
  const failingTitles = new Set<string>();

  /** The idempotent projection under test: per-user totals plus a per-expense entity view. */
  async function project(event: ExpenseEvent): Promise<void> {
    if (event.type === 'EXPENSE_CREATED') {
      if (failingTitles.has(event.data.title)) throw new Error(`cannot project "${event.data.title}"`);
      await applyEventOnce(totals, event.id, {
        filter: { _id: event.subject },
        update: { $inc: { spentMinor: event.data.amount.minor, count: 1 } },
      });
    } else if (event.type === 'EXPENSE_UPDATED') {
      await applyEventOnce(expenses, event.id, {
        filter: { _id: event.data.expenseId, ...olderThan(event.data.version) },
        update: { $set: { amountMinor: event.data.after.amount.minor, version: event.data.version } },
      });
    }
  }

  async function startRunner(groupId: string, retry = { maxRetries: 2, initialDelayMs: 10 }) {
    const runner = createConsumerRunner({
      kafka: ns.kafka,
      groupId,
      topics: [TOPICS.expense],
      topicPrefix: ns.topicPrefix,
      deadLetters: ns.producer,
      retry,
      handle: project,
    });
    runners.push(runner);
    await runner.start();
    return runner;
  }

  const userTotals = (userId: string) => totals.findOne({ _id: userId });
  const dlq = () => `${ns.topicPrefix}${TOPICS.expense}.dlq`;

  beforeAll(async () => {
    ns = await createKafkaTestNamespace({ partitions: 1 });
    mongo = await createTestMongoDb('runner');
    totals = mongo.db.collection<Row>('totals');
    expenses = mongo.db.collection<Row>('expenses');
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await ns.cleanup();
    await mongo.drop();
  });

  it('applies a duplicate delivery once', async () => {
    const runner = await startRunner(ns.groupId('dup'));
    const first = expenseCreated('user-dup', 1_000);
    const second = expenseCreated('user-dup', 250);
    // Given the same event delivered twice (a producer retry, a replay)
    await ns.producer.publish([first, first, second]);
    // Then it counts once
    await expect.poll(() => runner.stats.processed, { timeout: 30_000 }).toBe(3);
    expect(await userTotals('user-dup')).toMatchObject({ spentMinor: 1_250, count: 2 });
    await runner.stop();
  });

  it('dead-letters a poison message with its headers and goes on with the next one', async () => {
    const groupId = ns.groupId('poison');
    const runner = await startRunner(groupId);
    await ns.producer.sendMessages([
      { topic: `${ns.topicPrefix}${TOPICS.expense}`, message: { key: 'user-poison', value: '{"not": "an event"' } },
    ]);
    const next = expenseCreated('user-poison', 700);
    await ns.producer.publish([next]);

    await expect.poll(async () => (await userTotals('user-poison'))?.count, { timeout: 30_000 }).toBe(1);
    expect(runner.stats.deadLettered).toBe(1);
    const letters = await readDeadLetters(ns.kafka, dlq());
    const poison = letters.find((l) => l.key === 'user-poison');
    expect(poison?.value).toBe('{"not": "an event"');
    expect(poison?.info).toMatchObject({
      errorCode: 'VALIDATION_FAILED',
      attempts: 0,
      originalTopic: `${ns.topicPrefix}${TOPICS.expense}`,
      originalPartition: 0,
      consumerGroup: groupId,
    });
    expect(poison?.info?.errorMessage).toMatch(/json/i);
    expect(Number(poison?.info?.originalOffset)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(poison!.info!.failedAt)).not.toBeNaN();
    await runner.stop();
  });

  it('retries a failing handler, dead-letters it, and a DLQ replay applies it once the cause is fixed', async () => {
    const groupId = ns.groupId('retry');
    const runner = await startRunner(groupId);
    failingTitles.add('Broken lamp');
    const broken = expenseCreated('user-retry', 4_200, { title: 'Broken lamp' });
    const fine = expenseCreated('user-retry', 100);
    await ns.producer.publish([broken, fine]);

    // The next message is processed despite the failure before it.
    await expect.poll(async () => (await userTotals('user-retry'))?.count, { timeout: 30_000 }).toBe(1);
    expect(runner.stats.retried).toBe(2);
    const letter = (await readDeadLetters(ns.kafka, dlq())).find((l) => l.key === 'user-retry');
    expect(letter?.info).toMatchObject({ errorCode: 'HANDLER_ERROR', attempts: 3, consumerGroup: groupId });
    expect(letter?.info?.errorMessage).toContain('Broken lamp');
    expect(letter?.value && JSON.parse(letter.value).id).toBe(broken.id);
    // Every one of the failure headers came with the dead letter, none empty.
    expect(Object.keys(letter!.info!)).toHaveLength(Object.keys(DLQ_HEADERS).length);
    expect(Object.values(letter!.info!).every((v) => v !== '' && !Number.isNaN(v))).toBe(true);

    // When the cause is fixed and the dead letters are replayed
    failingTitles.delete('Broken lamp');
    const { replayed } = await replayDeadLetters(ns.kafka, ns.producer, dlq());
    expect(replayed).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await userTotals('user-retry'))?.count, { timeout: 30_000 }).toBe(2);
    expect(await userTotals('user-retry')).toMatchObject({ spentMinor: 4_300, count: 2 });
    // The replayed letters left the DLQ, so a second replay sends nothing.
    expect((await readDeadLetters(ns.kafka, dlq())).filter((l) => l.key === 'user-retry')).toHaveLength(0);
    await runner.stop();
  });

  it('ignores a stale update: an older version never overwrites a newer one', async () => {
    const runner = await startRunner(ns.groupId('stale'));
    const expenseId = 'exp-stale-1';
    await ns.producer.publish([
      expenseUpdated('user-stale', expenseId, 3, 3_000),
      expenseUpdated('user-stale', expenseId, 2, 2_000), // arrives late
      expenseUpdated('user-stale', 'exp-stale-2', 2, 500),
    ]);
    // One partition, so once the last one is applied the two before it were handled.
    await expect.poll(() => expenses.findOne({ _id: 'exp-stale-2' }), { timeout: 30_000 }).toBeTruthy();
    expect(await expenses.findOne({ _id: expenseId })).toMatchObject({ amountMinor: 3_000, version: 3 });
    expect(await expenses.findOne({ _id: 'exp-stale-2' })).toMatchObject({ amountMinor: 500, version: 2 });
    await runner.stop();
  });

  it('stops gracefully: finishes the message in hand, commits it, leaves the group', async () => {
    const groupId = ns.groupId('graceful');
    const userId = 'user-graceful';
    let startedOne: () => void = () => {};
    const oneStarted = new Promise<void>((r) => (startedOne = r));
    const slow = createConsumerRunner({
      kafka: ns.kafka,
      groupId,
      topics: [TOPICS.expense],
      topicPrefix: ns.topicPrefix,
      deadLetters: ns.producer,
      handle: async (event) => {
        if (event.type !== 'EXPENSE_CREATED' || event.subject !== userId) return;
        startedOne();
        await new Promise((r) => setTimeout(r, 300)); // slow work in flight when stop() comes
        await project(event);
      },
    });
    runners.push(slow);
    await ns.producer.publish(Array.from({ length: 5 }, (_, i) => expenseCreated(userId, 10 + i)));
    await slow.start();
    await oneStarted;
    await slow.stop();
    expect(slow.state).toBe('stopped');
    const appliedBeforeStop = (await userTotals(userId))?.count as number;
    expect(appliedBeforeStop).toBeGreaterThanOrEqual(1); // the one in hand was finished
    expect(appliedBeforeStop).toBeLessThan(5);

    const admin = ns.kafka.admin();
    await admin.connect();
    const [group] = (await admin.describeGroups([groupId])).groups;
    await admin.disconnect();
    expect(group?.members).toHaveLength(0); // it left the group

    // A successor picks up after the committed offset: every event counts once
    const next = await startRunner(groupId);
    await expect.poll(async () => (await userTotals(userId))?.count, { timeout: 30_000 }).toBe(5);
    expect((await userTotals(userId))?.spentMinor).toBe(10 + 11 + 12 + 13 + 14);
    await next.stop();
  });
});
