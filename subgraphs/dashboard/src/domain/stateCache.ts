import { createLruCache } from '@expensio/kit';
import type { DashboardState } from './dashboardState.ts';

/**
 * The dashboards this replica wrote or read lately, so a query or a push does not read the
 * document again (it was a FerretDB read of ~10 KB per dashboard query and per push).
 *
 * Every change of a dashboard is announced to every replica by its DASHBOARD_UPDATED notice (with
 * the revision it made), so an entry is kept only while no newer revision has been heard of: a
 * replica serves another replica's change as soon as its notice arrives, as the subscriptions do.
 * A read that began before a notice and returns an older revision is not kept. What changes a
 * dashboard without a notice (an account purged on another replica) is bounded by `maxAgeMs`.
 */
export interface StateCache {
  /** The cached state, if fresh and not older than the newest revision heard of. */
  get(userId: string): DashboardState | undefined;
  /** Keeps a state just written or read, unless something newer is cached or was heard of. */
  offer(userId: string, state: DashboardState): void;
  /** A change to `revision` happened (on any replica): older cached states are dropped. */
  heard(userId: string, revision: number): void;
  forget(userId: string): void;
}

interface Entry {
  state?: DashboardState;
  /** The highest revision known to exist. */
  newest: number;
  at: number;
}

export function createStateCache({
  maxEntries = 1_000,
  maxAgeMs = 30_000,
  now = Date.now,
}: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {}): StateCache {
  const entries = createLruCache<string, Entry>(maxEntries);
  const current = (userId: string): Entry | undefined => {
    const entry = entries.get(userId);
    if (entry && now() - entry.at > maxAgeMs) {
      entries.delete(userId);
      return undefined;
    }
    return entry;
  };
  return {
    get(userId) {
      const entry = current(userId);
      return entry?.state && entry.state.revision >= entry.newest ? entry.state : undefined;
    },
    offer(userId, state) {
      const entry = current(userId);
      if (entry && (state.revision < entry.newest || (entry.state && entry.state.revision >= state.revision))) return;
      entries.set(userId, { state, newest: Math.max(entry?.newest ?? 0, state.revision), at: entry?.at ?? now() });
    },
    heard(userId, revision) {
      const entry = current(userId);
      if (!entry) entries.set(userId, { newest: revision, at: now() });
      else if (revision > entry.newest) {
        entry.newest = revision;
        if (entry.state && entry.state.revision < revision) delete entry.state;
      }
    },
    forget: (userId) => void entries.delete(userId),
  };
}
