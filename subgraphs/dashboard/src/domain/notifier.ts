import { createLruCache, createUserFanOut } from '@expensio/kit';

/**
 * "This user's dashboard changed", to this replica's subscriptions. At most one pending signal per
 * subscription: a burst of changes becomes one push of the latest dashboard.
 *
 * A change reaches every replica as DASHBOARD_UPDATED on Kafka (the push group). The replica that
 * wrote it does not wait for that: it signals its own subscribers as soon as the write is done
 * (`changedHere`), one relay publish and one consumer fetch sooner, and then ignores the same
 * notice when it comes back from Kafka (`changed`), so nobody gets it twice.
 */
export function createNotifier({ remembered = 10_000 }: { remembered?: number } = {}) {
  const fanOut = createUserFanOut<true>({ maxQueued: 1 });
  /** Notices signalled here and not yet seen again from Kafka (bounded: a lost one costs a duplicate push at most). */
  const signalledHere = createLruCache<string, true>(remembered);
  return {
    /** Written by this replica: signal now. */
    changedHere(userId: string, noticeId: string) {
      signalledHere.set(noticeId, true);
      fanOut.notify(userId, true);
    },
    /** DASHBOARD_UPDATED from the push group: signal, unless this replica did already. */
    changed(userId: string, noticeId: string) {
      if (signalledHere.delete(noticeId)) return;
      fanOut.notify(userId, true);
    },
    subscribe: (userId: string) => fanOut.subscribe(userId),
    size: () => fanOut.size(),
  };
}
export type Notifier = ReturnType<typeof createNotifier>;
