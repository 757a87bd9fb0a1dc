/**
 * In-process fan-out of per-user notices to the subscriptions this replica holds (the subscribe
 * side of a live subgraph: one consumer group per replica feeds it, graphql-ws reads it).
 * Each subscription buffers at most `maxQueued` notices and drops the oldest beyond that, so a
 * client that stops reading cannot make memory grow: 1 coalesces a burst into one "changed"
 * signal (the dashboard), a larger bound keeps every notice of a normal burst (chat messages).
 */
export interface UserFanOut<T> {
  notify(userId: string, notice: T): void;
  /** Notices for one user until `return()` is called (the client unsubscribed or left). */
  subscribe(userId: string): AsyncIterableIterator<T>;
  /** Subscriptions held, for metrics and tests. */
  size(): number;
}

export function createUserFanOut<T>({ maxQueued }: { maxQueued: number }): UserFanOut<T> {
  const listeners = new Map<string, Set<(notice: T) => void>>();
  return {
    notify(userId, notice) {
      for (const push of listeners.get(userId) ?? []) push(notice);
    },
    subscribe(userId) {
      const queue: T[] = [];
      let done = false;
      let resolveNext: ((r: IteratorResult<T>) => void) | undefined;
      const push = (notice: T) => {
        if (resolveNext) {
          const r = resolveNext;
          resolveNext = undefined;
          r({ value: notice, done: false });
        } else if (queue.push(notice) > maxQueued) queue.shift();
      };
      const set = listeners.get(userId) ?? new Set();
      set.add(push);
      listeners.set(userId, set);
      const finish = (): Promise<IteratorResult<T>> => {
        done = true;
        set.delete(push);
        if (set.size === 0) listeners.delete(userId);
        resolveNext?.({ value: undefined, done: true });
        resolveNext = undefined;
        return Promise.resolve({ value: undefined, done: true });
      };
      return {
        next() {
          if (done) return Promise.resolve({ value: undefined, done: true });
          if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
          return new Promise((resolve) => (resolveNext = resolve));
        },
        return: finish,
        throw: (err?: unknown) => finish().then(() => Promise.reject(err)),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    size: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
