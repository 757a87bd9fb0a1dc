import { createUserFanOut } from '@expensio/kit';

/**
 * "This user's dashboard changed", to this replica's subscriptions. At most one pending signal per
 * subscription: a burst of changes becomes one push of the latest dashboard.
 */
export function createNotifier() {
  const fanOut = createUserFanOut<true>({ maxQueued: 1 });
  return {
    notify: (userId: string) => fanOut.notify(userId, true),
    subscribe: (userId: string) => fanOut.subscribe(userId),
    size: () => fanOut.size(),
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
