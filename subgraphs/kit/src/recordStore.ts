// The mechanics of a user's records in MongoDB (expenses, incomes): every change is one
// single-document write that carries its event (outbox), then the relay is told (a new document's
// entries are handed over, a changed one is nudged and read back); creates are
// idempotent by key through a unique index (not check-then-insert); updates and deletes are
// version-guarded and retried when another write got in between; deletes leave a tombstone that
// carries its event. The domain brings the validation rules, the events and the filter.
import {
  createEvent,
  OUTBOX_FIELD,
  sourceOf,
  toOutboxEntries,
  tombstoneUpdate,
  withOutbox,
  type CreateEventOptions,
  type EventType,
  type ExpensioEvent,
  type OutboxEntry,
  type OutboxRelay,
  type ServiceName,
} from '@expensio/events';
import { MongoBulkWriteError, MongoServerError, ObjectId, type Collection, type Filter } from 'mongodb';
import { badInput, conflict, notFound, versionConflict } from './errors.ts';
import { paginate, type Connection, type OrderSpec } from './keysetPagination.ts';

/** What every stored record carries besides its domain fields. */
export interface RecordDoc {
  _id: ObjectId;
  userId: string;
  /** Starts at 1 and grows by one with every update and on delete. */
  version: number;
  /**
   * The client's idempotency key (`k:` prefixed), or `id:` and the record's own id when none was
   * given: FerretDB has no partial or sparse unique index, so every document carries a value.
   */
  idempotencyKey: string;
  /** Where the record came from: form, import or chat. */
  source: string;
  createdAt: Date;
  updatedAt: Date;
  _outbox?: OutboxEntry[];
  _deletedAt?: Date;
}

/** The fields of a record that its domain decides (everything but the mechanics). */
export type DomainFields<Doc extends RecordDoc> = Omit<Doc, keyof RecordDoc>;

/** Where a command came from, carried into the record and its event (chat's saga, CSV import). */
export interface Provenance {
  source?: 'form' | 'import' | 'chat';
  correlationId?: string;
  causationId?: string;
}

export interface NewRecordInput {
  /** A retried create with the same key returns the original record and creates nothing. */
  idempotencyKey?: string | null;
}

/** The domain's validation, read once per command (profile, categories) and applied per input. */
export interface RecordRules<Doc extends RecordDoc, NewInput, ChangeInput> {
  /** A new record's fields, with defaults; throws BAD_USER_INPUT naming `${path}.<field>`. */
  create(input: NewInput, path: string): DomainFields<Doc>;
  /** The fields an update changes (only those present in the input). */
  change(input: ChangeInput, path: string): Partial<DomainFields<Doc>>;
}

/** The events of the record's aggregate (see `snapshotEvents`). */
export interface RecordEvents<Doc extends RecordDoc> {
  created(doc: Doc, meta: CreateEventOptions): ExpensioEvent;
  /** Null when nothing consumers see changed (the change stays in this subgraph). */
  updated(before: Doc, after: Doc, meta: CreateEventOptions): ExpensioEvent | null;
  deleted(before: Doc, tombstone: { version: number; deletedAt: Date }, meta: CreateEventOptions): ExpensioEvent;
}

export interface RecordStoreOptions<Doc extends RecordDoc, NewInput, ChangeInput, FilterInput, Order extends string> {
  /** The raw driver collection: the outbox fields must reach the document exactly as built. */
  collection: Collection<Doc>;
  /** The GraphQL type, named in errors: `Expense`. */
  entity: string;
  /** The events' source. */
  service: ServiceName;
  relay: OutboxRelay;
  /** Reads what validation needs for the user; `current` is the record being updated. */
  rules(userId: string, current?: Doc): Promise<RecordRules<Doc, NewInput, ChangeInput>>;
  events: RecordEvents<Doc>;
  /** The user's live records matching a list filter. */
  filter(userId: string, input: FilterInput | null | undefined): Promise<Filter<Doc>>;
  orders: Record<Order, OrderSpec<Doc>>;
  defaultOrder: Order;
  /** The export's order (oldest first). */
  exportOrder: Order;
  /** The most records one createMany takes. Default 500. */
  batchSize?: number;
  /** How often an update or delete re-reads and retries when another write got in between. Default 3. */
  maxAttempts?: number;
  now?: () => Date;
}

export interface ListArgs<FilterInput, Order> {
  filter?: FilterInput | null;
  first?: number | null;
  after?: string | null;
  orderBy?: Order | null;
}

const isDuplicateKey = (err: unknown) => err instanceof MongoServerError && err.code === 11000;
const HIDE_OUTBOX = { projection: { _outbox: 0 } } as const;
const LIVE = { _deletedAt: { $exists: false } } as const;

function toObjectId(id: string): ObjectId | undefined {
  return /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : undefined;
}

/**
 * A user's records. Reads and writes are always scoped to the caller's user id; another user's id
 * is "not found", never "forbidden", so ids cannot be probed.
 */
export function createRecordStore<Doc extends RecordDoc, NewInput extends NewRecordInput, ChangeInput extends object, FilterInput, Order extends string>(
  options: RecordStoreOptions<Doc, NewInput, ChangeInput, FilterInput, Order>,
) {
  const { collection, entity, relay, rules, events, filter, orders, batchSize = 500, maxAttempts = 3, now = () => new Date() } = options;
  // The driver's filter typings cannot follow a generic document; the shapes here are checked by hand.
  const raw = collection as unknown as Collection<RecordDoc>;
  const source = sourceOf(options.service);
  const what = entity.toLowerCase();
  const find = (q: Record<string, unknown>) => raw.findOne(q, HIDE_OUTBOX) as Promise<Doc | null>;
  const meta = (userId: string, p: Provenance = {}): CreateEventOptions => ({
    subject: userId,
    source,
    ...(p.correlationId ? { correlationId: p.correlationId } : {}),
    ...(p.causationId ? { causationId: p.causationId } : {}),
  });

  async function get(userId: string, id: string): Promise<Doc | null> {
    const _id = toObjectId(id);
    return _id ? find({ _id, userId, ...LIVE }) : null;
  }

  /** The user's live records among these ids, by id (unknown, foreign and deleted ones absent). */
  async function getMany(userId: string, ids: readonly string[]): Promise<Map<string, Doc>> {
    const objectIds = ids.flatMap((id) => toObjectId(id) ?? []);
    if (objectIds.length === 0) return new Map();
    const docs = (await raw.find({ _id: { $in: objectIds }, userId, ...LIVE }, HIDE_OUTBOX).toArray()) as Doc[];
    return new Map(docs.map((d) => [d._id.toHexString(), d]));
  }

  async function mustGet(userId: string, id: string): Promise<Doc> {
    const doc = await get(userId, id);
    if (!doc) throw notFound(entity, id);
    return doc;
  }

  const byKey = (userId: string, idempotencyKey: string) => find({ userId, idempotencyKey, ...LIVE });

  function idempotencyKeyOf(input: NewInput, path: string): string | undefined {
    const key = input.idempotencyKey?.trim();
    if (key === undefined || key === '') return undefined;
    if (key.length > 200) throw badInput('idempotencyKey must be at most 200 characters', `${path}.idempotencyKey`);
    return `k:${key}`; // prefixed so a client key can never equal a record id used as default key
  }

  /** Validates and builds the documents and their created events; stores nothing. */
  async function prepare(userId: string, inputs: readonly NewInput[], paths: readonly string[], provenance: Provenance) {
    const rule = await rules(userId);
    const at = now();
    return inputs.map((input, i) => {
      const fields = rule.create(input, paths[i]!);
      const _id = new ObjectId();
      const doc = {
        _id,
        userId,
        ...fields,
        version: 1,
        idempotencyKey: idempotencyKeyOf(input, paths[i]!) ?? `id:${_id.toHexString()}`,
        source: provenance.source ?? 'form',
        createdAt: at,
        updatedAt: at,
      } as Doc;
      return { doc, event: events.created(doc, meta(userId, provenance)) };
    });
  }

  async function create(userId: string, input: NewInput, provenance: Provenance = {}): Promise<Doc> {
    const [{ doc, event }] = (await prepare(userId, [input], ['input'], provenance)) as [{ doc: Doc; event: ExpensioEvent }];
    if (doc.idempotencyKey.startsWith('k:')) {
      const existing = await byKey(userId, doc.idempotencyKey);
      if (existing) return existing;
    }
    // The entries are built once: the relay gets the very objects written (its clear is by value).
    const entries = toOutboxEntries([event]);
    try {
      await raw.insertOne({ ...doc, [OUTBOX_FIELD]: entries });
    } catch (err) {
      // A concurrent retry with the same key won the unique index: return what it created.
      if (isDuplicateKey(err)) {
        const existing = await byKey(userId, doc.idempotencyKey);
        if (existing) return existing;
      }
      throw err;
    }
    // A document we just created holds our entries only: published without being read back.
    relay.handOff(raw as never, [{ _id: doc._id, entries }]);
    return doc;
  }

  /**
   * Up to `batchSize` at once. Every input is validated before anything is stored: one invalid
   * input rejects the batch. Inputs whose idempotency key was used before return the earlier record.
   */
  async function createMany(userId: string, inputs: readonly NewInput[], provenance: Provenance = {}): Promise<Doc[]> {
    if (inputs.length === 0) return [];
    if (inputs.length > batchSize) throw badInput(`At most ${batchSize} ${what}s at once`, 'inputs');
    const prepared = await prepare(userId, inputs, inputs.map((_, i) => `inputs[${i}]`), provenance);
    // Same key twice in one batch: one record.
    const firstOfKey = new Map<string, number>();
    prepared.forEach(({ doc }, i) => {
      if (!firstOfKey.has(doc.idempotencyKey)) firstOfKey.set(doc.idempotencyKey, i);
    });
    const unique = prepared.filter(({ doc }, i) => firstOfKey.get(doc.idempotencyKey) === i);
    const keyed = unique.filter(({ doc }) => doc.idempotencyKey.startsWith('k:')).map(({ doc }) => doc.idempotencyKey);
    const earlier = new Map<string, Doc>();
    if (keyed.length) {
      for (const d of (await raw.find({ userId, idempotencyKey: { $in: keyed }, ...LIVE }, HIDE_OUTBOX).toArray()) as Doc[]) {
        earlier.set(d.idempotencyKey, d);
      }
    }
    const fresh = unique.filter(({ doc }) => !earlier.has(doc.idempotencyKey));
    if (fresh.length) {
      const written = fresh.map(({ doc, event }) => ({ ...doc, [OUTBOX_FIELD]: toOutboxEntries([event]) }));
      const lost = new Set<number>();
      try {
        await raw.insertMany(written, { ordered: false });
      } catch (err) {
        if (!(err instanceof MongoBulkWriteError)) throw err;
        const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
        if (errors.some((e) => e.code !== 11000)) throw err;
        for (const e of errors) {
          lost.add(e.index);
          const loser = fresh[e.index]!.doc;
          const winner = await byKey(userId, loser.idempotencyKey);
          if (winner) earlier.set(loser.idempotencyKey, winner);
        }
      }
      const created = written.filter((_, i) => !lost.has(i));
      relay.handOff(raw as never, created.map((d) => ({ _id: d._id, entries: d[OUTBOX_FIELD] })));
    }
    return prepared.map(({ doc }) => earlier.get(doc.idempotencyKey) ?? prepared[firstOfKey.get(doc.idempotencyKey)!]!.doc);
  }

  /** A version-guarded write of `current`, retried on a lost race unless the client named a version. */
  async function guarded(userId: string, id: string, expectedVersion: number | null | undefined, attempt: (current: Doc) => Promise<{ done: boolean; result?: Doc }>) {
    for (let i = 1; i <= maxAttempts; i++) {
      const current = await mustGet(userId, id);
      if (expectedVersion !== null && expectedVersion !== undefined && expectedVersion !== current.version) {
        throw versionConflict(entity, expectedVersion, current.version);
      }
      const { done, result } = await attempt(current);
      if (done) return result;
      if (expectedVersion !== null && expectedVersion !== undefined) {
        throw versionConflict(entity, expectedVersion, (await mustGet(userId, id)).version);
      }
    }
    throw conflict(`The ${what} kept changing while saving; try again`);
  }

  const sameVersion = (current: Doc) => ({ _id: current._id, userId: current.userId, version: current.version, ...LIVE });

  async function update(userId: string, id: string, input: ChangeInput, expectedVersion?: number | null): Promise<Doc> {
    const updated = await guarded(userId, id, expectedVersion, async (current) => {
      const changes = (await rules(userId, current)).change(input, 'input');
      const changedAny = Object.entries(changes).some(([k, v]) => JSON.stringify(current[k as keyof Doc]) !== JSON.stringify(v));
      if (!changedAny) return { done: true, result: current };
      const version = current.version + 1;
      const at = now();
      const after = { ...current, ...changes, version, updatedAt: at } as Doc;
      const event = events.updated(current, after, meta(userId));
      const set = { $set: { ...changes, version, updatedAt: at } };
      const res = await raw.updateOne(sameVersion(current), event ? withOutbox(set, [event]) : set);
      if (res.matchedCount !== 1) return { done: false };
      if (event) relay.nudge(raw as never, [current._id]);
      return { done: true, result: after };
    });
    return updated!;
  }

  async function remove(userId: string, id: string): Promise<boolean> {
    await guarded(userId, id, undefined, async (current) => {
      const version = current.version + 1;
      const deletedAt = now();
      const tombstone = tombstoneUpdate([events.deleted(current, { version, deletedAt }, meta(userId))], deletedAt);
      const res = await raw.updateOne(sameVersion(current), { ...tombstone, $set: { ...(tombstone.$set as object), version, updatedAt: deletedAt } });
      if (res.matchedCount !== 1) return { done: false };
      relay.nudge(raw as never, [current._id]);
      return { done: true };
    });
    return true;
  }

  async function list(userId: string, args: ListArgs<FilterInput, Order>): Promise<Connection<Doc>> {
    const order = orders[args.orderBy ?? options.defaultOrder];
    return paginate(collection, await filter(userId, args.filter), { first: args.first, after: args.after, order, projection: { _outbox: 0 } });
  }

  /** Every live record of the user matching the filter, oldest first (export). */
  async function all(userId: string, input?: FilterInput | null): Promise<Doc[]> {
    const order = orders[options.exportOrder];
    return (await raw.find((await filter(userId, input)) as Filter<RecordDoc>, HIDE_OUTBOX).sort({ [order.field]: order.dir, _id: order.dir }).toArray()) as Doc[];
  }

  /** Which of these client idempotency keys (unprefixed) the user's records already carry. */
  async function existingKeys(userId: string, keys: readonly string[]): Promise<Set<string>> {
    const found = await raw.find({ userId, idempotencyKey: { $in: keys.map((k) => `k:${k}`) } }, { projection: { idempotencyKey: 1 } }).toArray();
    return new Set(found.map((d) => d.idempotencyKey.slice(2)));
  }

  return {
    /** Creates the indexes: the unique (user, idempotency key) one, and those of the orders. */
    async init() {
      await raw.createIndex({ userId: 1, idempotencyKey: 1 }, { unique: true });
      for (const order of new Set(Object.values<OrderSpec<Doc>>(orders).map((o) => o.field))) {
        await raw.createIndex({ userId: 1, [order]: -1, _id: -1 });
      }
    },
    /** The domain's validation (CSV import checks rows with it before writing any). */
    rules,
    get,
    getMany,
    create,
    createMany,
    update,
    remove,
    list,
    all,
    existingKeys,
    /** Account deletion: removes every record of the user, tombstones included. */
    purge: async (userId: string) => (await raw.deleteMany({ userId })).deletedCount,
  };
}
export type RecordStore<Doc extends RecordDoc, NewInput extends NewRecordInput, ChangeInput extends object, FilterInput, Order extends string> = ReturnType<
  typeof createRecordStore<Doc, NewInput, ChangeInput, FilterInput, Order>
>;

/** Two values the same as JSON (arrays in order, nested money). */
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The three events of a record aggregate built from one snapshot function, the way the event
 * contracts shape them: created carries the snapshot; updated carries before, after and the changed
 * fields (none changed: no event); deleted carries the tombstone's version and the last state.
 */
export function snapshotEvents<Doc extends RecordDoc, Snapshot extends object>({
  types,
  idField,
  snapshot,
  changeableFields,
}: {
  types: { created: EventType; updated: EventType; deleted: EventType };
  /** The id's name in the payload: `expenseId`. */
  idField: string;
  snapshot: (doc: Doc) => Snapshot;
  changeableFields: readonly (keyof Snapshot & string)[];
}): RecordEvents<Doc> {
  // The payloads are assembled here from the domain's typed snapshot; createEvent validates them
  // against their zod schemas, so a mismatch fails before anything reaches the outbox.
  const build = createEvent as (type: EventType, data: unknown, options: CreateEventOptions) => ExpensioEvent;
  return {
    created: (doc, meta) => build(types.created, snapshot(doc), meta),
    updated(before, after, meta) {
      const [b, a] = [snapshot(before), snapshot(after)] as Record<string, unknown>[];
      const changedFields = changeableFields.filter((f) => !same(b![f], a![f]));
      if (changedFields.length === 0) return null;
      return build(types.updated, { [idField]: after._id.toHexString(), userId: after.userId, version: after.version, before: b, after: a, changedFields }, meta);
    },
    deleted: (before, { version, deletedAt }, meta) =>
      build(types.deleted, { [idField]: before._id.toHexString(), userId: before.userId, version, deletedAt: deletedAt.toISOString(), before: snapshot(before) }, meta),
  };
}
