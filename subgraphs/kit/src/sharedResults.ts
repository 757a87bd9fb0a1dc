import { createLruCache } from './lruCache.ts';

/**
 * Work that several callers would repeat with the same input, done once: the first caller of a key
 * runs it, callers of the same key while it runs, or within `keepMs` after it succeeded, get the
 * same promise. A failure is not kept: the next caller runs the work again.
 *
 * The gateway resolves a subscription event once for all subscriptions of a token (ten open
 * dashboards, one set of entity fetches); financial-data asks the model once per month and facts.
 */
export interface SharedResults {
  get<T>(key: string, run: () => Promise<T>): Promise<T>;
  delete(key: string): void;
  keys(): Iterable<string>;
  readonly size: number;
}

export interface SharedResultsOptions {
  /** How long a result still answers its key once settled. Default: until evicted. */
  keepMs?: number;
  /** Keys kept at most; the least recently used goes first (costing only a repeat of its work). Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export function createSharedResults({ keepMs = Infinity, maxKeys = 10_000, now = Date.now }: SharedResultsOptions = {}): SharedResults {
  // expires = Infinity while the work runs.
  const entries = createLruCache<string, { promise: Promise<unknown>; expires: number }>(maxKeys);
  return {
    get<T>(key: string, run: () => Promise<T>): Promise<T> {
      const found = entries.get(key);
      if (found && found.expires > now()) return found.promise as Promise<T>;
      const entry = { promise: run() as Promise<unknown>, expires: Infinity };
      entries.set(key, entry);
      entry.promise.then(
        () => (entry.expires = now() + keepMs),
        () => entries.get(key) === entry && entries.delete(key),
      );
      return entry.promise as Promise<T>;
    },
    delete: (key) => void entries.delete(key),
    keys: () => entries.keys(),
    get size() {
      return entries.size;
    },
  };
}
