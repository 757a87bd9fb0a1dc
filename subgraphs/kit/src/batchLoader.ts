/**
 * Collects the keys asked for in one tick and fetches them with one call. Federation resolves an
 * `_entities` list one reference at a time; without this, ten expenses in a dashboard were ten
 * database reads. Create one per request (keys are then scoped to its caller); nothing is cached
 * across requests.
 */
export function createBatchLoader<K, V>(fetch: (keys: readonly K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | null> {
  let pending: { key: K; resolve: (v: V | null) => void; reject: (err: unknown) => void }[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    try {
      const found = await fetch([...new Set(batch.map((p) => p.key))]);
      for (const p of batch) p.resolve(found.get(p.key) ?? null);
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };
  return (key) =>
    new Promise<V | null>((resolve, reject) => {
      // After the current tick's synchronous calls: they all join this batch.
      if (pending.length === 0) setImmediate(() => void flush());
      pending.push({ key, resolve, reject });
    });
}
