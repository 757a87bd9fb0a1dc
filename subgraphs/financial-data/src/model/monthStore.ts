// The month aggregates: one document per user and month holding, for every expense and income that
// ever touched that month, the last version applied there and its contribution (`ent`), the figures
// computed from them, the budget alerts already sent, and the pending events (`_outbox`). Every
// effect on a month is ONE single-document write guarded by the document's revision (`rev`):
// FerretDB has no transactions, and none are needed. See README.md "Exactly once".
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  OUTBOX_FIELD,
  sourceOf,
  withOutbox,
  type ExpensioEvent,
  type Logger,
  type MonthlyFigures,
  type OutboxEntry,
  type OutboxRelay,
} from '@expensio/events';
import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { budgetScope, newlyExceeded, type Budget } from '../domain/budgets.ts';
import {
  computeFigures,
  foldTouches,
  touchesOf,
  type EntityEntries,
  type EntityEntry,
  type MonthTouch,
  type SourceChange,
  type SourceEvent,
} from '../domain/monthAggregate.ts';
import type { BudgetStore } from './budgetStore.ts';

export interface MonthDoc {
  _id: string;
  userId: string;
  month: string;
  timeZone: string;
  /** +1 per write: the compare-and-set guard, and FINANCIALDATA_UPDATED's version. */
  rev: number;
  ent: Record<string, EntityEntry>;
  figures: MonthlyFigures;
  /** Budget scope -> the budgetId whose crossing this month was already reported. */
  alerts?: Record<string, string>;
  updatedAt: Date;
  [OUTBOX_FIELD]?: OutboxEntry[];
}

export const monthId = (userId: string, month: string) => `${userId}|${month}`;

export interface ApplyStats {
  /** Month documents written. */
  writes: number;
  /** Writes that lost a compare-and-set race and were redone. */
  conflicts: number;
  /** Source events that changed nothing (duplicates, stale versions, purged users). */
  ignored: number;
}

export interface MonthStore {
  collection: Collection<MonthDoc>;
  /** Applies source events (any users, any order): one guarded write per touched user-month. */
  apply(events: readonly SourceEvent[]): Promise<ApplyStats>;
  /** Reports budgets a month already exceeds (after setBudget), once per budget and month. */
  recheckBudgets(userId: string, month: string, budgets: readonly Budget[]): Promise<void>;
  get(userId: string, month: string): Promise<MonthDoc | null>;
  /** The documents of the given months (missing months absent from the map). */
  many(userId: string, months: readonly string[]): Promise<Map<string, MonthDoc>>;
  /** Removes the user's months and refuses their later events (account deletion). */
  purge(userId: string): Promise<number>;
}

export interface MonthStoreOptions {
  db: Db;
  budgets: BudgetStore;
  relay: OutboxRelay;
  /** Month documents written in parallel per batch. Default 16. */
  writeConcurrency?: number;
  /** Compare-and-set attempts per document before the batch fails (and the runner retries it). Default 5. */
  maxAttempts?: number;
  now?: () => Date;
  log?: Logger;
}

const isDuplicateKey = (err: unknown) => err instanceof MongoServerError && err.code === 11000;
const PROJECTION = { rev: 1, ent: 1, alerts: 1, timeZone: 1, figures: 1 } as const;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

interface Pending {
  id: string;
  userId: string;
  month: string;
  timeZone: string;
  touches: MonthTouch[];
  /** Source events touching this month, in consumed order, with the entity key they touch. */
  changes: { change: SourceChange; entityKey: string; correlationId: string }[];
}

export function createMonthStore(options: MonthStoreOptions): MonthStore {
  const { db, budgets, relay, writeConcurrency = 16, maxAttempts = 5, now = () => new Date() } = options;
  const collection = db.collection<MonthDoc>('months');
  const purged = db.collection<{ _id: string; at: Date }>('purged_users');

  async function load(ids: readonly string[]): Promise<Map<string, MonthDoc>> {
    const out = new Map<string, MonthDoc>();
    for (let i = 0; i < ids.length; i += 1000) {
      const docs = await collection.find({ _id: { $in: ids.slice(i, i + 1000) } }, { projection: PROJECTION }).toArray();
      for (const doc of docs) out.set(doc._id, doc as MonthDoc);
    }
    return out;
  }

  /**
   * One month's write: fold the touches into what the document holds, recompute the figures, add
   * FINANCIALDATA_UPDATED and any BUDGET_EXCEEDED to its outbox, and write it all at once if the
   * document is still at the revision read. Returns false when there was nothing to write.
   */
  async function writeMonth(p: Pending, doc: MonthDoc | undefined, userBudgets: readonly Budget[]): Promise<'written' | 'nothing' | 'conflict'> {
    const rev = doc?.rev ?? 0;
    const current: EntityEntries = doc?.ent ?? {};
    const changed = foldTouches(current, p.touches);
    const changedKeys = Object.keys(changed);
    if (changedKeys.length === 0 && !doc) return 'nothing';
    const figures = changedKeys.length === 0 ? (doc!.figures ?? computeFigures(current)) : computeFigures({ ...current, ...changed });
    const exceeded = newlyExceeded(userBudgets, p.month, figures, doc?.alerts ?? {});
    if (changedKeys.length === 0 && exceeded.length === 0) return 'nothing';

    const at = now();
    const applied = p.changes.filter((c) => changed[c.entityKey] && changed[c.entityKey]!.v === c.change.entityVersion);
    const last = applied.at(-1) ?? p.changes.at(-1);
    const cause = last ? { correlationId: last.correlationId, causationId: last.change.id } : {};
    const options = { subject: p.userId, source: sourceOf('financial-data'), time: at, ...cause };
    const events: ExpensioEvent[] = [];
    if (changedKeys.length > 0) {
      events.push(
        createEvent(
          'FINANCIALDATA_UPDATED',
          { userId: p.userId, month: p.month, timeZone: p.timeZone, version: rev + 1, figures, changes: applied.map((c) => c.change) },
          options,
        ),
      );
    }
    const set: Document = { userId: p.userId, month: p.month, timeZone: p.timeZone, figures, updatedAt: at };
    for (const key of changedKeys) set[`ent.${key}`] = changed[key];
    for (const { budget, spent } of exceeded) {
      set[`alerts.${budgetScope(budget.categoryCode)}`] = budget.budgetId;
      events.push(
        createEvent(
          'BUDGET_EXCEEDED',
          {
            userId: p.userId,
            budgetId: budget.budgetId,
            month: p.month,
            timeZone: p.timeZone,
            categoryCode: budget.categoryCode,
            budget: budget.amount,
            spent: { minor: spent, currency: budget.amount.currency },
            exceededAt: at.toISOString(),
          },
          { ...options, id: randomUUID() },
        ),
      );
    }
    const update = withOutbox({ $set: set, $inc: { rev: 1 } }, events);
    try {
      // A missing document is revision 0: the upsert inserts it, or fails on _id if another writer
      // created it meanwhile (read as a conflict).
      const res = await collection.updateOne({ _id: p.id, rev }, update, { upsert: rev === 0 });
      return res.matchedCount > 0 || res.upsertedCount > 0 ? 'written' : 'conflict';
    } catch (err) {
      if (isDuplicateKey(err)) return 'conflict';
      throw err;
    }
  }

  async function writeAll(pending: readonly Pending[], budgetsByUser: Map<string, Budget[]>, stats: ApplyStats): Promise<string[]> {
    const docs = await load(pending.map((p) => p.id));
    const written: string[] = [];
    await eachLimited(pending, writeConcurrency, async (p) => {
      let doc = docs.get(p.id);
      for (let attempt = 1; ; attempt++) {
        const outcome = await writeMonth(p, doc, budgetsByUser.get(p.userId) ?? []);
        if (outcome === 'written') written.push(p.id);
        if (outcome !== 'conflict') return;
        stats.conflicts += 1;
        if (attempt >= maxAttempts) throw new Error(`month ${p.id}: still conflicting after ${attempt} attempts`);
        doc = (await collection.findOne({ _id: p.id }, { projection: PROJECTION })) ?? undefined;
      }
    });
    stats.writes += written.length;
    if (written.length) relay.nudge(collection as unknown as Collection<Document>, written);
    return written;
  }

  return {
    collection,
    async apply(events) {
      const stats: ApplyStats = { writes: 0, conflicts: 0, ignored: 0 };
      const userIds = [...new Set(events.map((e) => e.data.userId))];
      const [gone, budgetsByUser] = await Promise.all([
        purged.find({ _id: { $in: userIds } }).toArray(),
        budgets.forUsers(userIds),
      ]);
      const goneIds = new Set(gone.map((g) => g._id));
      const pending = new Map<string, Pending>();
      for (const event of events) {
        if (goneIds.has(event.data.userId)) {
          stats.ignored += 1;
          continue;
        }
        const { change, touches } = touchesOf(event);
        for (const touch of touches) {
          const id = monthId(touch.userId, touch.month);
          let p = pending.get(id);
          if (!p) pending.set(id, (p = { id, userId: touch.userId, month: touch.month, timeZone: touch.timeZone, touches: [], changes: [] }));
          p.timeZone = touch.timeZone;
          p.touches.push(touch);
          p.changes.push({ change, entityKey: touch.entityKey, correlationId: event.correlationid });
        }
      }
      await writeAll([...pending.values()], budgetsByUser, stats);
      return stats;
    },
    async recheckBudgets(userId, month, userBudgets) {
      const doc = await collection.findOne({ _id: monthId(userId, month) }, { projection: PROJECTION });
      if (!doc) return;
      const p: Pending = { id: doc._id, userId, month, timeZone: doc.timeZone, touches: [], changes: [] };
      await writeAll([p], new Map([[userId, [...userBudgets]]]), { writes: 0, conflicts: 0, ignored: 0 });
    },
    get: (userId, month) => collection.findOne({ _id: monthId(userId, month) }),
    async many(userId, months) {
      const docs = await collection.find({ _id: { $in: months.map((m) => monthId(userId, m)) } }).toArray();
      return new Map(docs.map((d) => [d.month, d]));
    },
    async purge(userId) {
      await purged.updateOne({ _id: userId }, { $setOnInsert: { at: now() } }, { upsert: true });
      return (await collection.deleteMany({ userId })).deletedCount;
    },
  };
}
