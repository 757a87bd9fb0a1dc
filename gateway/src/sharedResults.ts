/**
 * Work that several callers would repeat with the same input, done once: the first caller of a key
 * runs it, callers of the same key while it runs or within `keepMs` after get the same promise.
 *
 * Used for subscription events: a user with ten open dashboards (tabs, devices on one token) gets
 * ten identical events per change, and each used to resolve the same entity fetches again.
 */
export interface SharedResults {
  get<T>(key: string, run: () => Promise<T>): Promise<T>;
  readonly size: number;
}

export interface SharedResultsOptions {
  /** How long a settled result still answers its key (stragglers of the same event). Default 2 s. */
  keepMs?: number;
  /** Keys kept at most; expired ones are swept when this is reached. Default 10,000. */
  maxKeys?: number;
  now?: () => number;
}

export function createSharedResults(options: SharedResultsOptions = {}): SharedResults {
  const { keepMs = 2_000, maxKeys = 10_000, now = Date.now } = options;
  // expires = Infinity while the work runs.
  const entries = new Map<string, { promise: Promise<unknown>; expires: number }>();

  function sweep() {
    const t = now();
    for (const [key, entry] of entries) if (entry.expires <= t) entries.delete(key);
    // Still full (a burst of distinct keys): drop the oldest; they only cost a repeat of the work.
    for (const key of entries.keys()) {
      if (entries.size < maxKeys) break;
      entries.delete(key);
    }
  }

  return {
    get<T>(key: string, run: () => Promise<T>): Promise<T> {
      const found = entries.get(key);
      if (found && found.expires > now()) return found.promise as Promise<T>;
      if (entries.size >= maxKeys) sweep();
      const entry = { promise: run() as Promise<unknown>, expires: Infinity };
      entries.set(key, entry);
      entry.promise.then(
        () => (entry.expires = now() + keepMs),
        // A failure is not shared beyond the callers already waiting: the next event retries.
        () => entries.get(key) === entry && entries.delete(key),
      );
      return entry.promise as Promise<T>;
    },
    get size() {
      return entries.size;
    },
  };
}
