import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTestNamespace, createTestDatabase, type KafkaTestNamespace } from '@expensio/testing';
import {
  applyOnceInTx,
  createConsumerRunner,
  createPgOutboxRelay,
  enqueueEvents,
  pendingOutboxRows,
  readTopic,
  TOPICS,
  type ConsumerRunner,
} from '../src/index.ts';
import { expenseCreated } from './fixtures.ts';
import { budgets } from './fixtures/pg/schema.ts';

describe('PostgreSQL outbox and processed-events (real PostgreSQL and Kafka)', () => {
  let ns: KafkaTestNamespace;
  let pool: pg.Pool;
  let db: NodePgDatabase<Record<string, unknown>>;
  let dropDb: () => Promise<void>;
  const runners: ConsumerRunner[] = [];

  beforeAll(async () => {
    ns = await createKafkaTestNamespace({ partitions: 1 });
    const testDb = await createTestDatabase('pgoutbox');
    dropDb = testDb.drop;
    pool = new pg.Pool({ connectionString: testDb.url });
    db = drizzle(pool);
    await migrate(db, { migrationsFolder: fileURLToPath(new URL('./fixtures/pg/migrations', import.meta.url)) });
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await ns.cleanup();
    await pool.end();
    await dropDb();
  });

  it('writes events with the change in one transaction; a rollback leaves neither', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(budgets).values({ userId: 'user-rollback', spentMinor: 10 });
        await enqueueEvents(tx, [expenseCreated('user-rollback', 10)]);
        throw new Error('validation failed after the writes');
      }),
    ).rejects.toThrow('validation failed');
    expect(await pendingOutboxRows(db)).toBe(0);
    expect(await db.select().from(budgets).where(eq(budgets.userId, 'user-rollback'))).toHaveLength(0);
  });

  it('relays committed rows in write order and clears them', async () => {
    const events = [1, 2, 3, 4, 5].map((i) => expenseCreated('user-order', i));
    for (const event of events) {
      await db.transaction((tx) => enqueueEvents(tx, [event]));
    }
    expect(await pendingOutboxRows(db)).toBe(5);

    const relay = createPgOutboxRelay({ db, producer: ns.producer });
    await relay.flush();
    expect(await pendingOutboxRows(db)).toBe(0);

    const onTopic = await readTopic(ns.kafka, `${ns.topicPrefix}${TOPICS.expense}`);
    const ids = onTopic.map((m) => JSON.parse(m.message.value!.toString()).id).filter((id) => events.some((e) => e.id === id));
    expect(ids).toEqual(events.map((e) => e.id));
    expect(onTopic[0]!.message.key?.toString()).toBe('user-order');
  });

  it('relays a round larger than the broker request limit (1 MB) in several sends, in order', async () => {
    const events = Array.from({ length: 1_600 }, (_, i) => expenseCreated('user-big-round', i + 1, { title: `a long enough title ${'x'.repeat(100)} ${i}` }));
    await db.transaction((tx) => enqueueEvents(tx, events));
    const relay = createPgOutboxRelay({ db, producer: ns.producer, batchSize: 2_000 });
    await relay.flush();
    expect(await pendingOutboxRows(db)).toBe(0);
    const onTopic = await readTopic(ns.kafka, `${ns.topicPrefix}${TOPICS.expense}`);
    const bytes = onTopic.reduce((n, m) => n + (m.message.value?.length ?? 0), 0);
    expect(bytes).toBeGreaterThan(1024 * 1024);
    const ids = onTopic.map((m) => JSON.parse(m.message.value!.toString()).id).filter((id) => events.some((e) => e.id === id));
    expect(ids).toEqual(events.map((e) => e.id));
  });

  it('applies an event once: the processed-events row commits with the effect', async () => {
    const groupId = ns.groupId('budgets');
    const applyBudget = (event: ReturnType<typeof expenseCreated>) =>
      applyOnceInTx(db, { groupId, eventId: event.id }, (tx) =>
        tx
          .insert(budgets)
          .values({ userId: event.subject, spentMinor: event.data.amount.minor })
          .onConflictDoUpdate({ target: budgets.userId, set: { spentMinor: sql`${budgets.spentMinor} + ${event.data.amount.minor}` } }),
      );
    const runner = createConsumerRunner({
      kafka: ns.kafka,
      groupId,
      topics: [TOPICS.expense],
      topicPrefix: ns.topicPrefix,
      deadLetters: ns.producer,
      handle: async (event) => {
        if (event.type === 'EXPENSE_CREATED') await applyBudget(event);
      },
    });
    runners.push(runner);
    const event = expenseCreated('user-budget', 3_000);
    await ns.producer.publish([event, event]); // delivered twice
    await runner.start();
    await expect.poll(async () => (await db.select().from(budgets).where(eq(budgets.userId, 'user-budget')))[0]?.spentMinor, { timeout: 30_000 }).toBe(3_000);

    // A third delivery by hand: nothing runs
    expect(await applyBudget(event)).toEqual({ applied: false });
    const [row] = await db.select().from(budgets).where(eq(budgets.userId, 'user-budget'));
    expect(row?.spentMinor).toBe(3_000);
  });
});
