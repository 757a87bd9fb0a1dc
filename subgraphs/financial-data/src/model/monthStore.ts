// The month aggregates: one document per user and month holding, for every expense and income that
// ever touched that month, the last version applied there and its contribution (`ent`), the figures
// computed from them, the budget alerts already sent, and the pending events (`_outbox`); entries
// and figures are stored as JSON text (monthCodec.ts says why). Every
// effect on a month is ONE single-document write guarded by the document's revision (`rev`):
// FerretDB has no transactions, and none are needed. See README.md "Exactly once".
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  OUTBOX_FIELD,
  sourceOf,
  toOutboxEntries,
  withOutboxEntries,
  type ExpensioEvent,
  type HandedOver,
  type Logger,
  type MonthlyFigures,
  type OutboxEntry,
  type OutboxRelay,
} from '@expensio/events';
import { createLruCache, eachLimited } from '@expensio/kit';
import { MongoBulkWriteError, type Collection, type Db, type Document } from 'mongodb';
import { budgetScope, newlyExceeded, type Budget } from '../domain/budgets.ts';
import {
  computeFigures,
  foldTouches,
  mergeEntries,
  touchesOf,
  type EntityEntries,
  type EntityEntry,
  type MonthTouch,
  type SourceChange,
  type SourceEvent,
} from '../domain/monthAggregate.ts';
import type { BudgetStore } from './budgetStore.ts';
import { decodeMonth, encodeEntries, encodeFigures, type StoredMonthDoc } from './monthCodec.ts';

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

/**
 * What a write needs of a month: its document, or the cached state after our last write, which
 * leaves the figures out (they are recomputed from `ent` when needed, and were most of its size).
 */
type MonthState = Omit<MonthDoc, 'figures' | 'updatedAt'> & {
  figures?: MonthlyFigures;
  /**
   * True when the state is our own last write (not a read): a write guarded by its revision then
   * proves the document holds no outbox entries but ours, all handed to the relay, so the new
   * entries can be handed over too (OutboxRelay.handOff) instead of being read back.
   */
  own?: boolean;
};

export interface ApplyStats {
  /** Month documents written. */
  writes: number;
  /** Writes that lost a compare-and-set race and were redone. */
  conflicts: number;
  /** Source events that changed nothing (duplicates, stale versions, purged users). */
  ignored: number;
}

export interface MonthStore {
  /** The stored documents (monthCodec.ts: entries and figures as text; decodeMonth reads one). */
  collection: Collection<StoredMonthDoc>;
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
  /** Reads (of up to 100 month documents each) in flight per batch. Default 4. */
  readConcurrency?: number;
  /**
   * Month states (revision, entries, alerts) kept in memory after they are written, so a batch
   * does not read them back. Only an optimisation: every write is still guarded by the revision,
   * and a stale entry just loses the compare-and-set and is read again. Default 5,000 (the months
   * being written to now; each costs a few KB of heap, and a replay from the earliest offset
   * writes every month once, so a larger cache only holds what will not be read again).
   */
  cacheSize?: number;
  /** Compare-and-set attempts per document before the batch fails (and the runner retries it). Default 5. */
  maxAttempts?: number;
  now?: () => Date;
  log?: Logger;
}

const PROJECTION = { rev: 1, ent: 1, alerts: 1, timeZone: 1, figures: 1 } as const;
/** Ids per read of a batch's month documents. */
const LOAD_CHUNK = 100;

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
  const { db, budgets, relay, writeConcurrency = 16, readConcurrency = 4, maxAttempts = 5, cacheSize = 5_000, now = () => new Date() } = options;
  const cache = createLruCache<string, MonthState>(cacheSize);
  const remember = ({ figures: _figures, ...state }: MonthState) => cache.set(state._id, state);
  const collection = db.collection<StoredMonthDoc>('months');
  const purged = db.collection<{ _id: string; at: Date }>('purged_users');

  /** Reads documents by _id, LOAD_CHUNK per query (an index lookup on the stack's FerretDB). */
  async function load(ids: readonly string[], projection: Document = PROJECTION): Promise<Map<string, MonthDoc>> {
    const out = new Map<string, MonthDoc>();
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += LOAD_CHUNK) chunks.push(ids.slice(i, i + LOAD_CHUNK));
    await eachLimited(chunks, readConcurrency, async (chunk) => {
      for (const doc of await collection.find({ _id: { $in: chunk } }, { projection }).toArray()) out.set(doc._id, decodeMonth(doc));
    });
    return out;
  }

  /**
   * One month's change, planned against the document as read: fold the touches into what it holds,
   * recompute the figures, and build FINANCIALDATA_UPDATED and any BUDGET_EXCEEDED for its outbox.
   * Undefined when there is nothing to write (every touch stale or a duplicate, no new alert).
   */
  function planMonth(p: Pending, doc: MonthState | undefined, userBudgets: readonly Budget[]) {
    const rev = doc?.rev ?? 0;
    const current: EntityEntries = doc?.ent ?? {};
    const changed = foldTouches(current, p.touches);
    const changedKeys = Object.keys(changed);
    if (changedKeys.length === 0 && !doc) return undefined;
    // The month's entries after the change, whole: they are stored as one value (monthCodec.ts).
    const ent = changedKeys.length === 0 ? current : mergeEntries(current, changed);
    const figures = changedKeys.length === 0 ? (doc!.figures ?? computeFigures(current)) : computeFigures(ent);
    const exceeded = newlyExceeded(userBudgets, p.month, figures, doc?.alerts ?? {});
    if (changedKeys.length === 0 && exceeded.length === 0) return undefined;

    const at = now();
    // The events that would have changed the month one at a time: above the version held so far.
    const held = new Map<string, number>();
    const applied = p.changes.filter((c) => {
      const v = held.get(c.entityKey) ?? current[c.entityKey]?.v ?? 0;
      if (c.change.entityVersion <= v) return false;
      held.set(c.entityKey, c.change.entityVersion);
      return true;
    });
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
    const alerts: Record<string, string> = {};
    for (const { budget, spent } of exceeded) {
      alerts[budgetScope(budget.categoryCode)] = budget.budgetId;
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
    // Built once: the very objects written are handed to the relay, which clears them by value.
    return { rev, ent, figures, alerts, entries: toOutboxEntries(events), at };
  }
  type Plan = NonNullable<ReturnType<typeof planMonth>>;

  /** Writes a plan to an existing document if it is still at the revision read. */
  async function updateMonth(p: Pending, plan: Plan): Promise<'written' | 'conflict'> {
    const set: Document = { userId: p.userId, month: p.month, timeZone: p.timeZone, ent: encodeEntries(plan.ent), figures: encodeFigures(plan.figures), updatedAt: plan.at };
    for (const [scope, budgetId] of Object.entries(plan.alerts)) set[`alerts.${scope}`] = budgetId;
    const res = await collection.updateOne({ _id: p.id, rev: plan.rev }, withOutboxEntries({ $set: set, $inc: { rev: 1 } }, plan.entries));
    return res.matchedCount > 0 ? 'written' : 'conflict';
  }

  /** A new month document, whole: the same content an update would have produced. */
  const newMonthDoc = (p: Pending, plan: Plan): StoredMonthDoc => ({
    _id: p.id,
    userId: p.userId,
    month: p.month,
    timeZone: p.timeZone,
    rev: 1,
    ent: encodeEntries(plan.ent),
    figures: encodeFigures(plan.figures),
    alerts: plan.alerts,
    updatedAt: plan.at,
    [OUTBOX_FIELD]: plan.entries,
  });

  /**
   * Inserts new month documents in one round trip (FerretDB runs an insertMany as one statement,
   * while every update is a round trip and a commit of its own: this is what makes a replay from
   * the earliest offset fast). Returns the ones another writer created meanwhile (duplicate _id).
   */
  async function insertMonths(items: readonly { p: Pending; plan: Plan }[]): Promise<Set<string>> {
    const conflicts = new Set<string>();
    if (items.length === 0) return conflicts;
    try {
      await collection.insertMany(items.map(({ p, plan }) => newMonthDoc(p, plan)), { ordered: false });
    } catch (err) {
      if (!(err instanceof MongoBulkWriteError)) throw err;
      const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
      for (const e of errors) {
        if (e.code !== 11000) throw err;
        conflicts.add(items[e.index]!.p.id);
      }
    }
    return conflicts;
  }

  /** The state a plan leaves the document in, for the cache. */
  const afterPlan = (p: Pending, doc: MonthState | undefined, plan: Plan): MonthState => ({
    _id: p.id,
    userId: p.userId,
    month: p.month,
    timeZone: p.timeZone,
    rev: plan.rev + 1,
    ent: plan.ent,
    alerts: { ...doc?.alerts, ...plan.alerts },
    own: true,
  });

  /**
   * Writes the batch's months. Known documents (cached) are updated with their revision as guard;
   * unknown ones are first tried as new documents, all in one insertMany: on a replay into an empty
   * collection that is the whole batch in one round trip. A document that exists after all (the
   * insert hits its _id) or moved on (the revision does not match) is read and redone.
   */
  async function writeAll(pending: readonly Pending[], budgetsByUser: Map<string, Budget[]>, stats: ApplyStats): Promise<string[]> {
    const written: string[] = [];
    /** Written over a state of our own (or created): handed over; the others are nudged (read back). */
    const handed: HandedOver[] = [];
    const nudged: string[] = [];
    const inserts: { p: Pending; plan: Plan }[] = [];
    const updates: { p: Pending; plan: Plan; doc: MonthState }[] = [];
    const retry: Pending[] = [];
    for (const p of pending) {
      const doc = cache.get(p.id);
      const plan = planMonth(p, doc, budgetsByUser.get(p.userId) ?? []);
      if (!plan) continue;
      if (doc) updates.push({ p, plan, doc });
      else inserts.push({ p, plan });
    }
    const lost = await insertMonths(inserts);
    for (const { p, plan } of inserts) {
      if (lost.has(p.id)) retry.push(p);
      else {
        written.push(p.id);
        handed.push({ _id: p.id, entries: plan.entries });
        remember(afterPlan(p, undefined, plan));
      }
    }
    await eachLimited(updates, writeConcurrency, async ({ p, plan, doc }) => {
      if ((await updateMonth(p, plan)) === 'written') {
        written.push(p.id);
        if (doc.own) handed.push({ _id: p.id, entries: plan.entries });
        else nudged.push(p.id);
        remember(afterPlan(p, doc, plan));
      } else retry.push(p);
    });
    // Unknown or stale: read the document and redo, one at a time.
    await eachLimited(retry, writeConcurrency, async (p) => {
      for (let attempt = 1; ; attempt++) {
        stats.conflicts += 1;
        if (attempt > maxAttempts) throw new Error(`month ${p.id}: still conflicting after ${maxAttempts} attempts`);
        cache.delete(p.id);
        const stored = await collection.findOne({ _id: p.id }, { projection: PROJECTION });
        const doc = stored ? decodeMonth(stored) : undefined;
        if (doc) remember(doc);
        const plan = planMonth(p, doc, budgetsByUser.get(p.userId) ?? []);
        if (!plan) return;
        const outcome = doc ? await updateMonth(p, plan) : (await insertMonths([{ p, plan }])).size === 0 ? 'written' : 'conflict';
        if (outcome === 'written') {
          written.push(p.id);
          // Created by us: nothing else in it. Read first: it may hold entries someone else left.
          if (doc) nudged.push(p.id);
          else handed.push({ _id: p.id, entries: plan.entries });
          remember(afterPlan(p, doc, plan));
          return;
        }
      }
    });
    stats.writes += written.length;
    const raw = collection as unknown as Collection<Document>;
    if (nudged.length) relay.nudge(raw, nudged);
    if (handed.length) relay.handOff(raw, handed);
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
      const stored = await collection.findOne({ _id: monthId(userId, month) }, { projection: PROJECTION });
      if (!stored) return;
      const doc = decodeMonth(stored);
      remember(doc);
      const p: Pending = { id: doc._id, userId, month, timeZone: doc.timeZone, touches: [], changes: [] };
      await writeAll([p], new Map([[userId, [...userBudgets]]]), { writes: 0, conflicts: 0, ignored: 0 });
    },
    async get(userId, month) {
      const stored = await collection.findOne({ _id: monthId(userId, month) });
      return stored ? decodeMonth(stored) : null;
    },
    async many(userId, months) {
      const docs = await load(months.map((m) => monthId(userId, m)), {});
      return new Map([...docs.values()].map((d) => [d.month, d]));
    },
    async purge(userId) {
      for (const id of [...cache.keys()]) if (id.startsWith(`${userId}|`)) cache.delete(id);
      await purged.updateOne({ _id: userId }, { $setOnInsert: { at: now() } }, { upsert: true });
      return (await collection.deleteMany({ userId })).deletedCount;
    },
  };
}
