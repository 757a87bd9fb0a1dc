import {
  MongoServerError,
  type AnyBulkWriteOperation,
  type Collection,
  type Document,
  type Filter,
  type UpdateFilter,
} from 'mongodb';

/**
 * "Apply this event to this document unless already applied", as ONE atomic single-document write
 * that records the event id in the same document (FerretDB has no transactions to span two).
 */
export const APPLIED_FIELD = '_appliedEvents';

export type ApplyOutcome = 'applied' | 'duplicate' | 'skipped';

function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}

function recordIds(update: Document, eventIds: readonly string[]): Document {
  const push = {
    ...(update.$push as Document | undefined),
    [APPLIED_FIELD]: { $each: [...eventIds] },
  };
  return { ...update, $push: push };
}

export interface ApplyOnceOptions<T extends Document> {
  /**
   * Must select ONE document by a unique key (its `_id`, or fields under a unique index): with
   * `upsert`, a filter that misses because the event is already recorded then fails on that key,
   * which is how a duplicate is told from a first delivery.
   */
  filter: Filter<T>;
  /** An update document ($set, $inc, ...); the event ids are pushed into it. */
  update: Document;
  /** Create the document when missing. Default true (projections are built from events). */
  upsert?: boolean;
}

/**
 * Applies `update` once for `eventId`. A redelivered event changes nothing ('duplicate'). With
 * `upsert: false`, a document that does not match (missing, or a guard in the filter such as a
 * version check refused it) gives 'skipped'.
 */
export async function applyEventOnce<T extends Document>(
  collection: Collection<T>,
  eventId: string,
  { filter, update, upsert = true }: ApplyOnceOptions<T>,
): Promise<ApplyOutcome> {
  return applyEventsOnce(collection, [eventId], { filter, update, upsert });
}

/**
 * The batched form: several events for one document folded into one update (e.g. many expenses of
 * one user-month as one `$inc`). All or nothing: if any of the ids was applied before, nothing is
 * written and 'duplicate' is returned, and the caller falls back to one event at a time.
 */
export async function applyEventsOnce<T extends Document>(
  collection: Collection<T>,
  eventIds: readonly string[],
  { filter, update, upsert = true }: ApplyOnceOptions<T>,
): Promise<ApplyOutcome> {
  // Merged rather than $and-ed, so an upsert seeds the new document from the filter's equalities.
  const guarded = { ...filter, [APPLIED_FIELD]: { $nin: [...eventIds] } } as Filter<T>;
  try {
    const res = await collection.updateOne(
      guarded,
      recordIds(update, eventIds) as UpdateFilter<T>,
      { upsert },
    );
    if (res.matchedCount > 0 || res.upsertedCount > 0) return 'applied';
  } catch (err) {
    if (isDuplicateKey(err)) return 'duplicate';
    throw err;
  }
  // No match without upsert: either recorded already, or missing / refused by a guard.
  const seen = await collection.countDocuments(
    { ...filter, [APPLIED_FIELD]: { $in: [...eventIds] } } as Filter<T>,
    { limit: 1 },
  );
  return seen > 0 ? 'duplicate' : 'skipped';
}

export interface ApplyManyItem {
  /** The document's `_id` (projections built from events key their documents by `_id`). */
  readonly id: string;
  readonly eventIds: readonly string[];
  /** An update document ($set, $inc, ...); the event ids are pushed into it. */
  readonly update: Document;
}

/**
 * Many `applyEventsOnce` upserts, each on its own document, in one round trip: a projection
 * applies a fetched batch as one bulk write instead of one command per document. Outcomes come
 * back in the items' order; an item any of whose ids were applied before is 'duplicate' and
 * changes nothing (the caller then goes one event at a time, as with applyEventsOnce). Ids must
 * be distinct.
 *
 * Duplicates are found by one read before the write, not from the bulk write's errors: FerretDB
 * 1.24 ends an update command at its first error whatever `ordered` says, so a duplicate-key error
 * there would leave the outcome of the items after it unknown. The write keeps the `$nin` guard:
 * if a concurrent writer recorded one of the ids in between, the bulk write fails and this throws;
 * a retry then sees those ids in its read, so nothing is ever applied twice.
 */
export async function applyManyOnce<T extends Document & { _id: string }>(
  collection: Collection<T>,
  items: readonly ApplyManyItem[],
): Promise<ApplyOutcome[]> {
  if (items.length === 0) return [];
  const recorded = new Set<string>();
  const seen = await collection
    .find({ _id: { $in: items.map((i) => i.id) } } as Filter<T>, {
      projection: { [APPLIED_FIELD]: 1 },
    })
    .toArray();
  for (const doc of seen)
    for (const id of (doc[APPLIED_FIELD] as string[] | undefined) ?? []) recorded.add(id);
  const outcomes: ApplyOutcome[] = items.map(({ eventIds }) =>
    eventIds.some((id) => recorded.has(id)) ? 'duplicate' : 'applied',
  );
  const ops = items
    .filter((_, i) => outcomes[i] === 'applied')
    .map(({ id, eventIds, update }): AnyBulkWriteOperation<T> => {
      const guarded: Document = { _id: id, [APPLIED_FIELD]: { $nin: [...eventIds] } };
      return {
        updateOne: {
          filter: guarded as Filter<T>,
          update: recordIds(update, eventIds) as UpdateFilter<T>,
          upsert: true,
        },
      };
    });
  if (ops.length) await collection.bulkWrite(ops, { ordered: true });
  return outcomes;
}

/**
 * Version guard for entity projections: matches only while the stored version is older than the
 * event's, so a stale or replayed update or delete never undoes a newer state.
 */
export function olderThan(version: number, field = 'version'): Document {
  return { $or: [{ [field]: { $lt: version } }, { [field]: { $exists: false } }] };
}
