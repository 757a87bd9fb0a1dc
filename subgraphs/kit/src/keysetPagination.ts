// Keyset pagination over a MongoDB collection: an order is a sort field and a direction, `_id`
// breaks ties, and a cursor holds both values of the last row seen. Keyset rather than offset, so a
// page does not shift when rows are added before it.
import { ObjectId, type Collection, type Document, type Filter, type FindOptions, type Sort } from 'mongodb';
import { badInput } from './errors.ts';
import { decodeCursor, encodeCursor, pageSize } from './pagination.ts';

export interface OrderSpec<Doc> {
  /** The field sorted on, a dot path (`amount.minor`). */
  readonly field: string;
  readonly dir: 1 | -1;
  /** The row's value of `field`, as it goes into a cursor. */
  readonly key: (doc: Doc) => string | number;
  /** A cursor's value back to what the store compares (a Date from an ISO string). */
  readonly fromCursor: (value: string | number | null) => unknown;
}

/** An order on a Date field. */
export function dateOrder<Doc>(field: string, get: (doc: Doc) => Date, dir: 1 | -1): OrderSpec<Doc> {
  return { field, dir, key: (d) => get(d).toISOString(), fromCursor: (v) => new Date(String(v)) };
}

/** An order on a numeric field. */
export function numberOrder<Doc>(field: string, get: (doc: Doc) => number, dir: 1 | -1): OrderSpec<Doc> {
  return { field, dir, key: get, fromCursor: Number };
}

/** What a money record can be ordered by: its own date (`when`), its amount, its creation. */
interface OrderableRecord {
  amount: { minor: number };
  createdAt: Date;
}

/** The orders of a money record list: `OCCURRED_AT_DESC`, ..., `CREATED_AT_DESC`. */
export type RecordOrder<N extends string> = `${N}_DESC` | `${N}_ASC` | 'AMOUNT_DESC' | 'AMOUNT_ASC' | 'CREATED_AT_DESC';

/**
 * The orders of a money record list (GraphQL `<X>Order`): `<NAME>_DESC`, `<NAME>_ASC` on the
 * record's date field, `AMOUNT_DESC`, `AMOUNT_ASC` and `CREATED_AT_DESC`. The first is the default.
 */
export function recordOrders<Doc extends OrderableRecord, N extends string>(
  name: N,
  field: string & keyof Doc,
): Record<RecordOrder<N>, OrderSpec<Doc>> {
  const when = (d: Doc) => d[field] as Date;
  return {
    [`${name}_DESC`]: dateOrder(field, when, -1),
    [`${name}_ASC`]: dateOrder(field, when, 1),
    AMOUNT_DESC: numberOrder('amount.minor', (d) => d.amount.minor, -1),
    AMOUNT_ASC: numberOrder('amount.minor', (d) => d.amount.minor, 1),
    CREATED_AT_DESC: dateOrder('createdAt', (d) => d.createdAt, -1),
  } as Record<RecordOrder<N>, OrderSpec<Doc>>;
}

export function sortOf(spec: OrderSpec<unknown>): Sort {
  return { [spec.field]: spec.dir, _id: spec.dir };
}

export function cursorOf<Doc extends { _id: ObjectId }>(doc: Doc, spec: OrderSpec<Doc>): string {
  return encodeCursor([spec.key(doc), doc._id.toHexString()]);
}

/** Rows strictly after the cursor in the order's direction (sort key, then _id to break ties). */
export function afterCursor(cursor: string, spec: OrderSpec<never>): Filter<Document> {
  const [rawKey, rawId] = decodeCursor(cursor, 2);
  if (typeof rawId !== 'string' || !/^[0-9a-f]{24}$/i.test(rawId)) throw badInput('Invalid cursor', 'after');
  const key = spec.fromCursor(rawKey ?? null);
  const id = new ObjectId(rawId);
  const op = spec.dir === -1 ? '$lt' : '$gt';
  return { $or: [{ [spec.field]: { [op]: key } }, { [spec.field]: key, _id: { [op]: id } }] };
}

/** A GraphQL connection: edges with cursors, pageInfo, and the count across all pages. */
export interface Connection<Node> {
  edges: { node: Node; cursor: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * One page of `filter` in `order` after the cursor `after`, `first` rows (1 to 100, default 20).
 * Reads one row more than asked to know whether another page follows.
 */
export async function paginate<Doc extends { _id: ObjectId }>(
  collection: Collection<Doc>,
  filter: Filter<Doc>,
  { first, after, order, projection }: { first?: number | null; after?: string | null; order: OrderSpec<Doc>; projection?: FindOptions['projection'] },
): Promise<Connection<Doc>> {
  const limit = pageSize(first);
  const query = (after ? { $and: [filter, afterCursor(after, order as OrderSpec<never>)] } : filter) as Filter<Doc>;
  const [rows, totalCount] = await Promise.all([
    collection.find(query, projection ? { projection } : {}).sort(sortOf(order as OrderSpec<unknown>)).limit(limit + 1).toArray() as Promise<Doc[]>,
    collection.countDocuments(filter),
  ]);
  const page = rows.slice(0, limit);
  return {
    edges: page.map((node) => ({ node, cursor: cursorOf(node, order) })),
    pageInfo: { hasNextPage: rows.length > limit, endCursor: page.length ? cursorOf(page[page.length - 1]!, order) : null },
    totalCount,
  };
}
