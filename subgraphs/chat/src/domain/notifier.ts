/**
 * In-process fan-out of "a message was added to this user's conversation" to the subscriptions this
 * replica holds. Unlike the dashboard's coalescing signal every message matters, so each
 * subscription queues message ids, at most MAX_QUEUED (a client that stops reading loses the oldest
 * rather than growing memory; chatHistory has them all).
 */
const MAX_QUEUED = 100;

export function createMessageNotifier() {
  const listeners = new Map<string, Set<(id: string) => void>>();
  return {
    notify(userId: string, messageId: string): void {
      for (const push of listeners.get(userId) ?? []) push(messageId);
    },
    subscribe(userId: string): AsyncIterableIterator<string> {
      const queue: string[] = [];
      let done = false;
      let resolveNext: ((r: IteratorResult<string>) => void) | undefined;
      const push = (id: string) => {
        if (resolveNext) {
          const r = resolveNext;
          resolveNext = undefined;
          r({ value: id, done: false });
        } else if (queue.push(id) > MAX_QUEUED) queue.shift();
      };
      const set = listeners.get(userId) ?? new Set();
      set.add(push);
      listeners.set(userId, set);
      const finish = (): Promise<IteratorResult<string>> => {
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
          const id = queue.shift();
          if (id !== undefined) return Promise.resolve({ value: id, done: false });
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
export type MessageNotifier = ReturnType<typeof createMessageNotifier>;
