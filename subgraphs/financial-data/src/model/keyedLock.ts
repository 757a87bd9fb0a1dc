// An in-process lock per key (document id). FerretDB v1.24 (SQLite backend, checked here) does not
// apply concurrent updates of one document atomically: 40 concurrent `$inc` left 3, and 20
// concurrent compare-and-set updates on the same revision all "won" 4 times. So writes to one month
// document, including the outbox relay's `$pullAll`, are serialised here. Keys are taken in sorted
// order, so holders of several keys cannot deadlock. Should move to the kit (or the events runtime,
// whose relay and applyEventOnce have the same exposure).
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

export interface KeyedLock {
  /** Runs `fn` holding every key of `keys`. */
  withKeys<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T>;
}

export function createKeyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();
  async function acquire(key: string): Promise<() => void> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    };
  }
  return {
    async withKeys(keys, fn) {
      const releases: (() => void)[] = [];
      try {
        for (const key of [...new Set(keys)].sort()) releases.push(await acquire(key));
        return await fn();
      } finally {
        for (const release of releases.reverse()) release();
      }
    },
  };
}

/** The collection as the outbox relay should see it: its bulk writes take the documents' locks. */
export function lockedForRelay<T extends Document>(collection: Collection<T>, lock: KeyedLock): Collection<T> {
  return new Proxy(collection, {
    get(target, prop) {
      if (prop === 'bulkWrite') {
        return (ops: AnyBulkWriteOperation<T>[], options?: object) => {
          const ids = ops.map((op) => String((op as { updateOne?: { filter?: { _id?: unknown } } }).updateOne?.filter?._id));
          return lock.withKeys(ids, () => target.bulkWrite(ops, options));
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
