import {
  createEvent,
  EXPENSE_CHANGEABLE_FIELDS,
  outboxFields,
  sourceOf,
  tombstoneUpdate,
  withOutbox,
  type ExpenseChangeableField,
  type ExpenseSnapshot,
  type OutboxRelay,
} from '@expensio/events';
import { badInput, conflict, notFound, pageSize, versionConflict, type UserDirectory } from '@expensio/kit';
import { MongoBulkWriteError, MongoServerError, type Collection } from 'mongodb';
import { Types } from 'mongoose';
import type { ExpenseDoc, ExpenseModel } from '../model/expenseModel.ts';
import type { Categories } from './categories.ts';
import { afterCursor, cursorOf, expenseFilter, orderSpec, type ExpenseFilterInput, type ExpenseOrder } from './expenseQuery.ts';
import { LIMITS, validateChanges, validateNewExpense, type ExpenseFields, type ExpenseInput } from './expenseRules.ts';

export interface NewExpenseInput extends ExpenseInput {
  idempotencyKey?: string | null;
}

/** Where a command came from, carried into the event (chat's saga, CSV import). */
export interface Provenance {
  source?: 'form' | 'import' | 'chat';
  correlationId?: string;
  causationId?: string;
}

export interface ExpenseServiceDeps {
  expenses: ExpenseModel;
  categories: Categories;
  directory: UserDirectory;
  relay: OutboxRelay;
  now?: () => Date;
}

/** How often an update or delete re-reads and retries when another write got in between. */
const MAX_ATTEMPTS = 3;

export function snapshotOf(doc: ExpenseDoc): ExpenseSnapshot {
  return {
    expenseId: doc._id.toHexString(),
    userId: doc.userId,
    title: doc.title,
    amount: { minor: doc.amount.minor, currency: doc.amount.currency },
    categoryCode: doc.categoryCode,
    mood: doc.mood as ExpenseSnapshot['mood'],
    cognitiveTriggers: [...doc.cognitiveTriggers] as ExpenseSnapshot['cognitiveTriggers'],
    expenseType: doc.expenseType as ExpenseSnapshot['expenseType'],
    paymentMethod: doc.paymentMethod as ExpenseSnapshot['paymentMethod'],
    merchant: doc.merchant,
    tags: [...doc.tags],
    isRecurring: doc.isRecurring,
    occurredAt: doc.occurredAt.toISOString(),
    timeZone: doc.timeZone,
    version: doc.version,
  };
}

function changedFields(before: ExpenseSnapshot, after: ExpenseSnapshot): ExpenseChangeableField[] {
  return EXPENSE_CHANGEABLE_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

const isDuplicateKey = (err: unknown) => err instanceof MongoServerError && err.code === 11000;

/**
 * Expenses: every change is one single-document write that carries its event (outbox), then the
 * relay is nudged. Reads and writes are always scoped to the caller's user id; another user's id
 * is "not found", never "forbidden", so ids cannot be probed.
 */
export function createExpenseService({ expenses, categories, directory, relay, now = () => new Date() }: ExpenseServiceDeps) {
  // Raw driver collection: the outbox fields must reach the document exactly as built.
  const collection = expenses.collection as unknown as Collection<ExpenseDoc>;
  const source = sourceOf('expense');

  function toObjectId(id: string): Types.ObjectId | undefined {
    return Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : undefined;
  }

  async function get(userId: string, id: string): Promise<ExpenseDoc | null> {
    const _id = toObjectId(id);
    if (!_id) return null;
    return collection.findOne({ _id, userId, _deletedAt: { $exists: false } }, { projection: { _outbox: 0 } });
  }

  async function mustGet(userId: string, id: string): Promise<ExpenseDoc> {
    const doc = await get(userId, id);
    if (!doc) throw notFound('Expense', id);
    return doc;
  }

  const byKey = (userId: string, idempotencyKey: string) =>
    collection.findOne({ userId, idempotencyKey, _deletedAt: { $exists: false } }, { projection: { _outbox: 0 } });

  function idempotencyKeyOf(input: NewExpenseInput, path: string): string | undefined {
    const key = input.idempotencyKey?.trim();
    if (key === undefined || key === '') return undefined;
    if (key.length > 200) throw badInput('idempotencyKey must be at most 200 characters', `${path}.idempotencyKey`);
    return `k:${key}`; // prefixed so a client key can never equal an expense id used as default key
  }

  /** Validates and builds the document and its EXPENSE_CREATED event; stores nothing. */
  async function prepare(userId: string, inputs: readonly NewExpenseInput[], paths: readonly string[], provenance: Provenance) {
    const profile = await directory.get(userId);
    const known = await categories.activeCodes(userId);
    const at = now();
    return inputs.map((input, i) => {
      const fields: ExpenseFields = validateNewExpense(input, {
        path: paths[i]!,
        baseCurrency: profile.baseCurrency,
        isKnownCategory: (c) => known.has(c),
        now: at,
      });
      const _id = new Types.ObjectId();
      const doc: ExpenseDoc = {
        _id,
        userId,
        ...fields,
        timeZone: profile.timeZone,
        version: 1,
        idempotencyKey: idempotencyKeyOf(input, paths[i]!) ?? `id:${_id.toHexString()}`,
        source: provenance.source ?? 'form',
        createdAt: at,
        updatedAt: at,
      };
      const event = createEvent('EXPENSE_CREATED', snapshotOf(doc), {
        subject: userId,
        source,
        ...(provenance.correlationId ? { correlationId: provenance.correlationId } : {}),
        ...(provenance.causationId ? { causationId: provenance.causationId } : {}),
      });
      return { doc, event };
    });
  }

  async function create(userId: string, input: NewExpenseInput, provenance: Provenance = {}): Promise<ExpenseDoc> {
    const [{ doc, event }] = (await prepare(userId, [input], ['input'], provenance)) as [Awaited<ReturnType<typeof prepare>>[number]];
    if (doc.idempotencyKey.startsWith('k:')) {
      const existing = await byKey(userId, doc.idempotencyKey);
      if (existing) return existing;
    }
    try {
      await collection.insertOne({ ...doc, ...outboxFields([event]) });
    } catch (err) {
      // A concurrent retry with the same key won the unique index: return what it created.
      if (isDuplicateKey(err)) {
        const existing = await byKey(userId, doc.idempotencyKey);
        if (existing) return existing;
      }
      throw err;
    }
    relay.nudge(collection as never, [doc._id]);
    return doc;
  }

  /**
   * Up to 500 at once. Every input is validated before anything is stored: one invalid input
   * rejects the batch. Inputs whose idempotency key was used before return the earlier expense.
   */
  async function createMany(userId: string, inputs: readonly NewExpenseInput[], provenance: Provenance = {}): Promise<ExpenseDoc[]> {
    if (inputs.length === 0) return [];
    if (inputs.length > LIMITS.batchSize) throw badInput(`At most ${LIMITS.batchSize} expenses at once`, 'inputs');
    const prepared = await prepare(userId, inputs, inputs.map((_, i) => `inputs[${i}]`), provenance);
    // Same key twice in one batch: one expense.
    const firstOfKey = new Map<string, number>();
    prepared.forEach(({ doc }, i) => {
      if (!firstOfKey.has(doc.idempotencyKey)) firstOfKey.set(doc.idempotencyKey, i);
    });
    const unique = prepared.filter(({ doc }, i) => firstOfKey.get(doc.idempotencyKey) === i);
    const keyed = unique.filter(({ doc }) => doc.idempotencyKey.startsWith('k:')).map(({ doc }) => doc.idempotencyKey);
    const earlier = new Map<string, ExpenseDoc>();
    if (keyed.length) {
      for (const d of await collection.find({ userId, idempotencyKey: { $in: keyed }, _deletedAt: { $exists: false } }, { projection: { _outbox: 0 } }).toArray()) {
        earlier.set(d.idempotencyKey, d);
      }
    }
    const fresh = unique.filter(({ doc }) => !earlier.has(doc.idempotencyKey));
    if (fresh.length) {
      try {
        await collection.insertMany(fresh.map(({ doc, event }) => ({ ...doc, ...outboxFields([event]) })), { ordered: false });
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        if (errors.some((e) => e.code !== 11000)) throw err;
        for (const e of errors) {
          const lost = fresh[e.index]!.doc;
          const winner = await byKey(userId, lost.idempotencyKey);
          if (winner) earlier.set(lost.idempotencyKey, winner);
        }
      }
      relay.nudge(collection as never, fresh.map(({ doc }) => doc._id));
    }
    return prepared.map(({ doc }) => earlier.get(doc.idempotencyKey) ?? prepared[firstOfKey.get(doc.idempotencyKey)!]!.doc);
  }

  async function update(userId: string, id: string, input: ExpenseInput, expectedVersion?: number | null): Promise<ExpenseDoc> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await mustGet(userId, id);
      if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== current.version) {
        throw versionConflict('Expense', expectedVersion, current.version);
      }
      const profile = await directory.get(userId);
      const known = await categories.activeCodes(userId);
      const changes = validateChanges(input, {
        path: 'input',
        baseCurrency: profile.baseCurrency,
        // An expense may keep a category archived since it was recorded.
        isKnownCategory: (c) => known.has(c) || c === current.categoryCode,
        now: now(),
      });
      const version = current.version + 1;
      const at = now();
      const after: ExpenseDoc = { ...current, ...changes, version, updatedAt: at };
      const before = snapshotOf(current);
      const changed = changedFields(before, snapshotOf(after));
      const privateChange = JSON.stringify([current.description, current.notes]) !== JSON.stringify([after.description, after.notes]);
      if (changed.length === 0 && !privateChange) return current;
      const set = { $set: { ...changes, version, updatedAt: at } };
      // Description and notes stay in this subgraph (no consumer needs them): no event for them alone.
      const update =
        changed.length === 0
          ? set
          : withOutbox(set, [
              createEvent(
                'EXPENSE_UPDATED',
                { expenseId: id, userId, version, before, after: snapshotOf(after), changedFields: changed },
                { subject: userId, source },
              ),
            ]);
      const res = await collection.updateOne({ _id: current._id, userId, version: current.version, _deletedAt: { $exists: false } }, update);
      if (res.matchedCount === 1) {
        if (changed.length) relay.nudge(collection as never, [current._id]);
        return after;
      }
      if (expectedVersion !== null && expectedVersion !== undefined) {
        const latest = await mustGet(userId, id);
        throw versionConflict('Expense', expectedVersion, latest.version);
      }
    }
    throw conflict('The expense kept changing while saving; try again');
  }

  async function remove(userId: string, id: string): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await mustGet(userId, id);
      const version = current.version + 1;
      const at = now();
      const event = createEvent(
        'EXPENSE_DELETED',
        { expenseId: id, userId, version, deletedAt: at.toISOString(), before: snapshotOf(current) },
        { subject: userId, source },
      );
      const tombstone = tombstoneUpdate([event], at);
      const res = await collection.updateOne(
        { _id: current._id, userId, version: current.version, _deletedAt: { $exists: false } },
        { ...tombstone, $set: { ...(tombstone.$set as object), version, updatedAt: at } },
      );
      if (res.matchedCount === 1) {
        relay.nudge(collection as never, [current._id]);
        return true;
      }
    }
    throw conflict('The expense kept changing while deleting; try again');
  }

  async function list(
    userId: string,
    args: { filter?: ExpenseFilterInput | null; first?: number | null; after?: string | null; orderBy?: ExpenseOrder | null },
  ) {
    const profile = await directory.get(userId);
    const filter = expenseFilter(userId, args.filter, profile.baseCurrency);
    const limit = pageSize(args.first);
    const spec = orderSpec(args.orderBy);
    const query = args.after ? { $and: [filter, afterCursor(args.after, spec)] } : filter;
    const [rows, totalCount] = await Promise.all([
      collection.find(query, { projection: { _outbox: 0 } }).sort(spec.sort).limit(limit + 1).toArray(),
      collection.countDocuments(filter),
    ]);
    const page = rows.slice(0, limit);
    return {
      edges: page.map((node) => ({ node, cursor: cursorOf(node, spec) })),
      pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? cursorOf(page[page.length - 1]!, spec) : null },
      totalCount,
    };
  }

  /** Every live expense of the user matching the filter, oldest first (export). */
  async function all(userId: string, filter?: ExpenseFilterInput | null): Promise<ExpenseDoc[]> {
    const profile = await directory.get(userId);
    return collection.find(expenseFilter(userId, filter, profile.baseCurrency), { projection: { _outbox: 0 } }).sort({ occurredAt: 1, _id: 1 }).toArray();
  }

  /** Which of these idempotency keys the user's expenses already carry. */
  async function existingKeys(userId: string, keys: readonly string[]): Promise<Set<string>> {
    const prefixed = keys.map((k) => `k:${k}`);
    const found = await collection.find({ userId, idempotencyKey: { $in: prefixed } }, { projection: { idempotencyKey: 1 } }).toArray();
    return new Set(found.map((d) => d.idempotencyKey.slice(2)));
  }

  /** Account deletion: removes every expense of the user, tombstones included. */
  const purge = async (userId: string) => (await collection.deleteMany({ userId })).deletedCount;

  return { get, create, createMany, update, remove, list, all, purge, existingKeys };
}
export type ExpenseService = ReturnType<typeof createExpenseService>;
