import type { AnyBulkWriteOperation, Collection, Document, Filter, UpdateFilter } from 'mongodb';
import { encodeEvent, topicOf, type ExpensioEvent, type Topic } from '../contracts/index.ts';
import { bySize, messageBytes, type EventProducer } from './createEventProducer.ts';
import { silentLogger, type Logger } from './logger.ts';

/**
 * MongoDB outbox. FerretDB has no multi-document transactions, so a change and its events are one
 * single-document write: the pending events ride inside the changed document, in `_outbox`, until
 * the relay has them acknowledged by Kafka. A deleted entity stays as a tombstone (`_deletedAt`)
 * carrying its event until published; the relay then removes it.
 */
export const OUTBOX_FIELD = '_outbox';

/**
 * Updates per bulk write when clearing published entries. Unpatched FerretDB 1.24 deadlocked a
 * database on an update command of 100 statements or more; the stack's build carries the fix
 * (infra/local/ferretdb), and the chunk still bounds one command's size.
 */
export const CLEAR_CHUNK = 500;
/** The periodic sweep waits while the relay is busy, but not longer than this many periods. */
const MAX_SWEEP_DELAY = 6;
/** Clears (bulk writes) running in the background while the next rounds publish. */
const MAX_CLEARS_IN_FLIGHT = 2;
/**
 * Documents held handed over at most. Past this (writes outrun the relay), further hand-offs are
 * nudges: the relay keeps their ids, not their entries, so a backlog costs no memory to speak of.
 */
const MAX_HANDED = 2_000;
/** How soon a failed round is retried (it also re-sweeps), doubling up to the sweep period. */
const RETRY_MS = 250;
/** Ids of entries published lately that a late hand-off is checked against (see `recent`). */
const RECENT_KEPT = 20_000;
export const TOMBSTONE_FIELD = '_deletedAt';

export interface OutboxEntry {
  readonly id: string;
  /** The catalog topic; the relay adds the namespace prefix. */
  readonly topic: Topic;
  readonly key: string;
  readonly value: string;
  readonly headers: Record<string, string>;
}

export function toOutboxEntries(events: readonly ExpensioEvent[]): OutboxEntry[] {
  return events.map((event) => {
    const { key, value, headers } = encodeEvent(event);
    return { id: event.id, topic: topicOf(event.type), key, value, headers: { ...headers } };
  });
}

/** Fields for a document inserted together with its events. */
export function outboxFields(events: readonly ExpensioEvent[]): { [OUTBOX_FIELD]: OutboxEntry[] } {
  return { [OUTBOX_FIELD]: toOutboxEntries(events) };
}

/** Adds the events to an update of one document, so the change and its events are one write. */
export function withOutbox(update: Document, events: readonly ExpensioEvent[]): Document {
  return withOutboxEntries(update, toOutboxEntries(events));
}

/**
 * {@link withOutbox} with the entries already built: a writer that hands them to the relay
 * (OutboxRelay.handOff) must hand over the very objects it wrote, since the relay clears by value.
 */
export function withOutboxEntries(update: Document, entries: readonly OutboxEntry[]): Document {
  const push = { ...(update.$push as Document | undefined), [OUTBOX_FIELD]: { $each: entries } };
  return { ...update, $push: push };
}

/** Turns a document into a tombstone that carries its delete event until the relay publishes it. */
export function tombstoneUpdate(events: readonly ExpensioEvent[], at = new Date()): Document {
  return withOutbox({ $set: { [TOMBSTONE_FIELD]: at } }, events);
}

/** Filter fragment that hides tombstones from reads. */
export const notDeleted = { [TOMBSTONE_FIELD]: { $exists: false } } as const;

export interface MongoOutboxRelayOptions {
  /** Collections whose documents may carry `_outbox` entries. */
  collections: readonly Collection<Document>[];
  /** A connected producer. */
  producer: EventProducer;
  /**
   * The crash-recovery sweep's period. Default 10,000 ms. Every write nudges the relay with the
   * ids it wrote, so the sweep only finds what a crashed process (this or another replica) left
   * behind; on FerretDB it reads the whole collection, which is why it is not more frequent.
   */
  pollIntervalMs?: number;
  /** Documents read per round. Default 500 (cleared in bulks of CLEAR_CHUNK). */
  batchSize?: number;
  log?: Logger;
}

export interface OutboxRelay {
  start(): void;
  /**
   * Asks for a publish now (after a write), optionally naming the documents written, which are
   * then found by `_id` instead of by a scan. Calls made while a round runs coalesce.
   */
  nudge(collection?: Collection<Document>, ids?: readonly unknown[]): void;
  /**
   * After a write: hands over the entries it added to each document (the very objects written), so
   * the relay publishes them without reading the documents back, one store read less per write.
   * Only for a document whose older entries all went through this relay: one the writer created,
   * or wrote over its own last write (a revision guard proves nobody wrote in between). A document
   * read from the store may hold entries that another process left there: nudge it instead, so it
   * is read and its entries go out in order. While the relay has something to recover (its first
   * round, or after a failure) it reads handed-over documents too.
   */
  handOff(collection: Collection<Document>, docs: readonly HandedOver[]): void;
  /** Publishes everything pending now; resolves when none is left. */
  flush(): Promise<void>;
  /** Stops the timer and publishes what is pending (bounded by `timeoutMs`, default 10 s). */
  stop(timeoutMs?: number): Promise<void>;
  readonly stats: { published: number; rounds: number };
}

/** What a write added to one document's outbox, for {@link OutboxRelay.handOff}. */
export interface HandedOver {
  readonly _id: unknown;
  readonly entries: readonly OutboxEntry[];
}

/** Entries of one document sent to Kafka in a round, to be cleared from it. */
interface Published {
  readonly doc: OutboxDoc;
  readonly entries: OutboxEntry[];
}

type OutboxDoc = Document & {
  _id: unknown;
  [OUTBOX_FIELD]?: OutboxEntry[];
  [TOMBSTONE_FIELD]?: Date;
};

/**
 * Splits documents' entries into groups of about SEND_BYTES (a document stays in one group), each
 * published and then cleared on its own: a failed send leaves only its group to redo.
 */
function documentGroups(published: readonly Published[]): Published[][] {
  return bySize(published, (p) => p.entries.reduce((n, e) => n + messageBytes(e), 0));
}

/**
 * Publishes pending outbox entries in document order, then removes exactly the entries the broker
 * acknowledged (`$pullAll` of those values: entries added meanwhile stay). A crash between publish
 * and removal republishes them: delivery is at least once, consumers dedupe by event id.
 */
export function createMongoOutboxRelay(options: MongoOutboxRelayOptions): OutboxRelay {
  const {
    collections,
    producer,
    pollIntervalMs = 10_000,
    batchSize = 500,
    log = silentLogger,
  } = options;
  const stats = { published: 0, rounds: 0 };
  const nudged = new Map<Collection<Document>, Set<unknown>>();
  /** Handed-over documents, in the order written; a document handed over again adds its entries. */
  const handed = new Map<Collection<Document>, Map<string, OutboxDoc>>();
  let sweepAll = true; // the first round after start recovers what a crash left behind
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let retryMs = RETRY_MS;

  /**
   * Entries published whose clear has not landed yet, per document. Clears run in the background
   * so that the next round publishes meanwhile; it skips these entries. A clear that fails drops
   * its marks, and a sweeping round publishes the entries again (delivery is at least once).
   */
  const clearing = new Map<string, Set<string>>();
  const clears = new Set<Promise<void>>();
  /**
   * Entries whose clear landed while a read was under way, with the epoch it landed in: that read
   * may still hold them (it began before they were removed), so its publish skips them too.
   */
  const landed = new Map<string, number>();
  let epoch = 0;
  let lastSweepAt = 0;
  /**
   * Ids of the entries published lately, oldest first. A writer hands its entries over after its
   * write returns, and a read (a sweep, or a nudge for the same document) may have found and
   * published them in between: the hand-off then must not send them again. Bounded: it only has to
   * outlive the hand-offs waiting, and forgetting one costs a duplicate delivery (consumers dedupe).
   * Reads are not filtered by it: an entry still in a document after its clear failed must go out
   * again, or it would never be cleared.
   */
  const recent = new Set<string>();
  function published(entries: readonly OutboxEntry[]): void {
    for (const e of entries) recent.add(e.id);
    for (const id of recent) {
      if (recent.size <= RECENT_KEPT) break;
      recent.delete(id);
    }
  }
  const markOf = (collection: Collection<Document>, id: unknown) =>
    `${collection.collectionName}\u0000${String(id)}`;

  async function clear(
    collection: Collection<Document>,
    published: readonly Published[],
  ): Promise<void> {
    const ops: AnyBulkWriteOperation<Document>[] = published.map(({ doc, entries }) => ({
      updateOne: {
        filter: { _id: doc._id } as Filter<Document>,
        // The driver's typings cannot see that `_outbox` is an array field of an untyped document.
        update: { $pullAll: { [OUTBOX_FIELD]: entries } } as unknown as UpdateFilter<Document>,
      },
    }));
    for (let i = 0; i < ops.length; i += CLEAR_CHUNK) {
      await collection.bulkWrite(ops.slice(i, i + CLEAR_CHUNK), { ordered: false });
    }
    const tombstones = published
      .filter(({ doc }) => doc[TOMBSTONE_FIELD])
      .map(({ doc }) => doc._id);
    if (tombstones.length) {
      await collection.deleteMany({
        _id: { $in: tombstones },
        [TOMBSTONE_FIELD]: { $exists: true },
        [OUTBOX_FIELD]: { $size: 0 },
      } as Filter<Document>);
    }
  }

  function clearInBackground(
    collection: Collection<Document>,
    published: readonly Published[],
  ): void {
    const marks = published.map(({ doc, entries }) => {
      const mark = markOf(collection, doc._id);
      const set = clearing.get(mark) ?? new Set<string>();
      for (const e of entries) set.add(e.id);
      clearing.set(mark, set);
      return { mark, ids: entries.map((e) => e.id) };
    });
    const task: Promise<void> = clear(collection, published)
      .catch((err: unknown) => {
        sweepAll = true;
        log.error(
          { err: (err as Error)?.message },
          'outbox clear failed; its entries will be published again',
        );
        scheduleRetry();
      })
      .finally(() => {
        epoch += 1;
        for (const { ids } of marks) for (const id of ids) landed.set(id, epoch);
        for (const { mark, ids } of marks) {
          const set = clearing.get(mark);
          for (const id of ids) set?.delete(id);
          if (set?.size === 0) clearing.delete(mark);
        }
        clears.delete(task);
      });
    clears.add(task);
  }

  /**
   * Publishes the entries of documents read at `readAt` (the epoch when their read began), or
   * handed over (`handedOver`: not read, so entries a read published meanwhile are skipped).
   */
  async function publishDocs(
    collection: Collection<Document>,
    docs: OutboxDoc[],
    readAt: number,
    handedOver = false,
  ): Promise<void> {
    const pending = docs.flatMap((doc): Published[] => {
      const inFlight = clearing.get(markOf(collection, doc._id));
      const entries = (doc[OUTBOX_FIELD] ?? []).filter(
        (e) =>
          !inFlight?.has(e.id) &&
          !((landed.get(e.id) ?? -1) > readAt) &&
          !(handedOver && recent.has(e.id)),
      );
      return entries.length ? [{ doc, entries }] : [];
    });
    for (const group of documentGroups(pending)) {
      await producer.sendMessages(
        group.flatMap(({ entries }) =>
          entries.map((e) => ({
            topic: producer.topicName(e.topic),
            message: { key: e.key, value: e.value, headers: e.headers },
          })),
        ),
      );
      stats.published += group.reduce((n, p) => n + p.entries.length, 0);
      for (const p of group) published(p.entries);
      while (clears.size >= MAX_CLEARS_IN_FLIGHT) await Promise.race(clears);
      clearInBackground(collection, group);
    }
  }

  /**
   * Starts a read: returns its epoch. One read is under way at a time (rounds run one after the
   * other), and clears that landed before it began cannot be in what it reads, so they are dropped.
   */
  function beginRead(): number {
    landed.clear();
    return epoch;
  }

  async function round(): Promise<void> {
    stats.rounds += 1;
    const projection = { [OUTBOX_FIELD]: 1, [TOMBSTONE_FIELD]: 1 };
    // A round that recovers (sweeps) cannot trust that handed-over entries are all a document
    // holds: entries a failed round left may come first. Those documents are read instead.
    if (sweepAll) {
      for (const [collection, docs] of handed) addNudged(collection, [...docs.values()].map((d) => d._id));
      handed.clear();
    }
    // Nudged documents first: found by _id, no scan. Then the handed-over ones, as handed: a
    // document is in one of the two, never both (nudge takes it out of the other).
    for (const [collection, ids] of [...nudged]) {
      nudged.delete(collection);
      const list = [...ids];
      for (let i = 0; i < list.length; i += batchSize) {
        const readAt = beginRead();
        const docs = (await collection
          .find({ _id: { $in: list.slice(i, i + batchSize) } } as Filter<Document>, { projection })
          .toArray()) as OutboxDoc[];
        await publishDocs(collection, docs, readAt);
      }
    }
    for (const [collection, docs] of [...handed]) {
      handed.delete(collection);
      const list = [...docs.values()];
      // No read: their entries cannot be among clears that landed before (epoch as of now).
      for (let i = 0; i < list.length; i += batchSize) await publishDocs(collection, list.slice(i, i + batchSize), epoch, true);
    }
    if (!sweepAll) return;
    sweepAll = false;
    lastSweepAt = Date.now();
    // One pass over each collection, streamed in pages: FerretDB has no index on `_outbox`, so a
    // query per page would scan the collection again each time.
    for (const collection of collections) {
      const readAt = beginRead();
      const cursor = collection.find(
        { [`${OUTBOX_FIELD}.0`]: { $exists: true } },
        { projection, batchSize },
      );
      try {
        let page: OutboxDoc[] = [];
        for await (const doc of cursor) {
          page.push(doc as OutboxDoc);
          if (page.length < batchSize) continue;
          await publishDocs(collection, page, readAt);
          page = [];
        }
        await publishDocs(collection, page, readAt);
      } finally {
        await cursor.close();
      }
    }
  }

  function addNudged(collection: Collection<Document>, ids: readonly unknown[]): void {
    const set = nudged.get(collection) ?? new Set();
    const docs = handed.get(collection);
    for (const id of ids) {
      set.add(id);
      docs?.delete(markOf(collection, id)); // the read finds those entries too
    }
    nudged.set(collection, set);
  }

  /** A sweeping round soon, backing off up to the sweep period (only while started). */
  function scheduleRetry(): void {
    if (!timer || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void schedule();
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, pollIntervalMs);
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
          await round();
        } while (again);
        retryMs = RETRY_MS;
      } catch (err) {
        // Nothing was removed that Kafka did not acknowledge; a sweeping round retries soon.
        sweepAll = true;
        log.error(
          { err: (err as Error)?.message, retryInMs: retryMs },
          'outbox relay round failed; will retry',
        );
        scheduleRetry();
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  /** Until no round runs and no clear is in flight. */
  async function settle(): Promise<void> {
    while (running || clears.size) {
      await running;
      await Promise.all(clears);
    }
  }

  return {
    stats,
    start() {
      if (timer) return;
      sweepAll = true;
      void schedule();
      timer = setInterval(() => {
        // Under a steady stream of nudges the sweep would only re-read what the nudges cover:
        // it waits for a quiet moment, or at most MAX_SWEEP_DELAY periods.
        const busy = nudged.size > 0 || running !== undefined;
        if (busy && Date.now() - lastSweepAt < pollIntervalMs * MAX_SWEEP_DELAY) return;
        sweepAll = true;
        void schedule();
      }, pollIntervalMs);
      timer.unref();
    },
    nudge(collection, ids) {
      if (collection && ids?.length) addNudged(collection, ids);
      else sweepAll = true;
      void schedule();
    },
    handOff(collection, docs) {
      if (!docs.length) return;
      let held = 0;
      for (const m of handed.values()) held += m.size;
      if (held + docs.length > MAX_HANDED) {
        addNudged(collection, docs.map((d) => d._id));
        void schedule();
        return;
      }
      const reading = nudged.get(collection);
      const mine = handed.get(collection) ?? new Map<string, OutboxDoc>();
      for (const { _id, entries } of docs) {
        if (reading?.has(_id) || !entries.length) continue; // a read is due: it finds them
        const mark = markOf(collection, _id);
        const before = mine.get(mark)?.[OUTBOX_FIELD] ?? [];
        mine.set(mark, { _id, [OUTBOX_FIELD]: [...before, ...entries] });
      }
      handed.set(collection, mine);
      void schedule();
    },
    async flush() {
      // Wait out what is in progress, then sweep until nothing is pending.
      await settle();
      sweepAll = true;
      await schedule();
      await settle();
    },
    async stop(timeoutMs = 10_000) {
      if (timer) clearInterval(timer);
      if (retry) clearTimeout(retry);
      timer = retry = undefined;
      await Promise.race([this.flush(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    },
  };
}
