/**
 * In-process fan-out of "this user's dashboard changed" to the subscriptions this replica holds.
 * Each subscription keeps at most one pending signal: a burst of changes becomes one push of the
 * latest dashboard, so a slow client cannot make memory grow.
 */
export function createNotifier() {
  const listeners = new Map<string, Set<() => void>>();

  return {
    notify(userId: string): void {
      for (const wake of listeners.get(userId) ?? []) wake();
    },

    /** Signals for one user until `return()` is called (the client unsubscribed or left). */
    subscribe(userId: string): AsyncIterableIterator<true> {
      let pending = false;
      let done = false;
      let resolveNext: ((r: IteratorResult<true>) => void) | undefined;
      const wake = () => {
        if (resolveNext) {
          const r = resolveNext;
          resolveNext = undefined;
          r({ value: true, done: false });
        } else pending = true;
      };
      const set = listeners.get(userId) ?? new Set();
      set.add(wake);
      listeners.set(userId, set);
      const finish = (): Promise<IteratorResult<true>> => {
        done = true;
        set.delete(wake);
        if (set.size === 0) listeners.delete(userId);
        resolveNext?.({ value: undefined, done: true });
        resolveNext = undefined;
        return Promise.resolve({ value: undefined, done: true });
      };
      return {
        next() {
          if (done) return Promise.resolve({ value: undefined, done: true });
          if (pending) {
            pending = false;
            return Promise.resolve({ value: true, done: false });
          }
          return new Promise((resolve) => (resolveNext = resolve));
        },
        return: finish,
        throw: (err?: unknown) => finish().then(() => Promise.reject(err)),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },

    /** Subscriptions held, for metrics and tests. */
    size: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
