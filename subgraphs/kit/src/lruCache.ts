/** A Map bounded to `maxEntries` that drops the least recently used entry; `get` and `set` count as use. */
export interface LruCache<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  keys(): Iterable<K>;
  readonly size: number;
}

export function createLruCache<K, V>(maxEntries: number): LruCache<K, V> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const map = new Map<K, V>();
  return {
    get(key) {
      if (!map.has(key)) return undefined;
      const value = map.get(key) as V;
      map.delete(key);
      map.set(key, value);
      return value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      if (map.size > maxEntries) map.delete(map.keys().next().value as K);
    },
    delete: (key) => map.delete(key),
    keys: () => map.keys(),
    get size() {
      return map.size;
    },
  };
}
