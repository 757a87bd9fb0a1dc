import { asc, inArray, sql } from 'drizzle-orm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { NodePgDatabase, NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import { bigserial, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { ExpensioEvent } from '../contracts/index.ts';
import type { EventProducer } from './createEventProducer.ts';
import { silentLogger, type Logger } from './logger.ts';
import { toOutboxEntries, type OutboxRelay } from './mongoOutbox.ts';

/**
 * PostgreSQL side of the event runtime. A service adds these two tables to its drizzle schema
 * (`export { outbox, processedEvents } from '@expensio/events'`) so drizzle-kit puts them in its
 * migrations.
 */
export const outbox = pgTable('outbox', {
  /** Publication order: rows go out in the order their transactions wrote them. */
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  id: uuid('id').notNull().unique(),
  topic: text('topic').notNull(),
  key: text('key').notNull(),
  value: text('value').notNull(),
  headers: jsonb('headers').$type<Record<string, string>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Events a consumer group has applied, written in the same transaction as their effect. */
export const processedEvents = pgTable(
  'processed_events',
  {
    consumerGroup: text('consumer_group').notNull(),
    eventId: uuid('event_id').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumerGroup, t.eventId] })],
);

// Any drizzle node-postgres database or transaction.
type Db = NodePgDatabase<Record<string, unknown>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Tx = PgTransaction<any, any, any> | Db;
/**
 * The transaction `db.transaction` hands its callback for a node-postgres database of `TSchema`
 * (the same type as `Parameters<Parameters<typeof db.transaction>[0]>[0]`).
 */
type TransactionOf<TSchema extends Record<string, unknown>> = PgTransaction<
  NodePgQueryResultHKT,
  TSchema,
  ExtractTablesWithRelations<TSchema>
>;

/** Writes events into the outbox inside the caller's transaction: the change and its events commit together. */
export async function enqueueEvents(tx: Tx, events: readonly ExpensioEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    toOutboxEntries(events).map((e) => ({ id: e.id, topic: e.topic, key: e.key, value: e.value, headers: e.headers })),
  );
}

/**
 * Runs `effect` in one transaction with the record that `groupId` processed `eventId`; a second
 * delivery finds the record and runs nothing. Returns whether the effect ran. Generic over the
 * caller's database schema, so `effect` gets the caller's own transaction type (with its
 * relational queries), as `db.transaction` would give it.
 */
export async function applyOnceInTx<TSchema extends Record<string, unknown>, R>(
  db: NodePgDatabase<TSchema>,
  { groupId, eventId }: { groupId: string; eventId: string },
  effect: (tx: TransactionOf<TSchema>) => Promise<R>,
): Promise<{ applied: true; result: R } | { applied: false }> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(processedEvents)
      .values({ consumerGroup: groupId, eventId })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId });
    if (inserted.length === 0) return { applied: false as const };
    return { applied: true as const, result: await effect(tx) };
  });
}

export interface PgOutboxRelayOptions {
  db: Db;
  /** A connected producer. */
  producer: EventProducer;
  /** The crash-recovery sweep's period. Default 1,000 ms; writes nudge the relay in between. */
  pollIntervalMs?: number;
  /** Rows per round. Default 500. */
  batchSize?: number;
  log?: Logger;
}

/**
 * Publishes outbox rows in `seq` order and deletes them in the same transaction that locked them,
 * after the broker acknowledged. `for update skip locked` lets replicas share the work; a crash
 * before commit leaves the rows for the next round (at least once; consumers dedupe by id).
 */
export function createPgOutboxRelay(options: PgOutboxRelayOptions): OutboxRelay {
  const { db, producer, pollIntervalMs = 1_000, batchSize = 500, log = silentLogger } = options;
  const stats = { published: 0, rounds: 0 };
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function round(): Promise<number> {
    stats.rounds += 1;
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .orderBy(asc(outbox.seq))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      await producer.sendMessages(
        rows.map((r) => ({
          topic: producer.topicName(r.topic as Parameters<EventProducer['topicName']>[0]),
          message: { key: r.key, value: r.value, headers: r.headers },
        })),
      );
      await tx.delete(outbox).where(inArray(outbox.seq, rows.map((r) => r.seq)));
      stats.published += rows.length;
      return rows.length;
    });
  }

  function schedule(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          while ((await round()) === batchSize) {
            /* drain */
          }
        } while (again);
      } catch (err) {
        log.error({ err: (err as Error)?.message }, 'outbox relay round failed; will retry');
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    stats,
    start() {
      if (timer) return;
      void schedule();
      timer = setInterval(() => void schedule(), pollIntervalMs);
      timer.unref();
    },
    nudge() {
      void schedule();
    },
    // The outbox rows are the only record here: they are read in any case.
    handOff() {
      void schedule();
    },
    async flush() {
      await running;
      await schedule();
      while (running) await running;
    },
    async stop(timeoutMs = 10_000) {
      if (timer) clearInterval(timer);
      timer = undefined;
      await Promise.race([this.flush(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}

/** Rows still waiting in the outbox (for readiness and metrics). */
export async function pendingOutboxRows(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox);
  return row?.n ?? 0;
}
