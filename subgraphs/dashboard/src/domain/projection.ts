import { createEvent, OUTBOX_FIELD, sourceOf, toOutboxEntries, withOutboxEntries, type OutboxRelay } from '@expensio/events';
import { eachLimited } from '@expensio/kit';
import type { Collection, Db } from 'mongodb';
import { emptyDashboard, reduceDashboard, type DashboardSourceEvent, type DashboardState } from './dashboardState.ts';
import { createStateCache, type StateCache } from './stateCache.ts';
import { decodeState, encodeState, revisionGuard, type DashboardDoc } from './stateCodec.ts';

const RECENT_KEPT = 50;
const MAX_ATTEMPTS = 5;
/** Users whose dashboards a batch writes at once. */
const USERS_IN_FLIGHT = 8;

/**
 * Applies an event to the user's dashboard document as one compare-and-set write on the state's
 * revision, carrying DASHBOARD_UPDATED in the same write (outbox). One writer per user in practice
 * (the key is the user id); the CAS keeps a second replica from losing an update.
 */
export function createDashboardProjection(
  db: Db,
  relay: OutboxRelay,
  /** Called once a user's dashboard is written, with the DASHBOARD_UPDATED it carries. */
  onWritten: (userId: string, noticeId: string) => void = () => {},
  cache: StateCache = createStateCache(),
) {
  const dashboards: Collection<DashboardDoc> = db.collection<DashboardDoc>('dashboards');

  /**
   * Applies one user's events, in order, as ONE compare-and-set write with one DASHBOARD_UPDATED
   * (the subscribers then get one push of the newest dashboard for the whole run of events).
   */
  async function applyForUser(userId: string, events: readonly DashboardSourceEvent[]): Promise<'applied' | 'unchanged'> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Its outbox is read too (DASHBOARD_UPDATED entries are small): see the hand-off below.
      const doc = await dashboards.findOne({ _id: userId });
      const seen = new Set(doc?.recent ?? []);
      const state = doc ? decodeState(doc.state) : emptyDashboard();
      let next = state;
      let last: DashboardSourceEvent | undefined;
      for (const event of events) {
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        const reduced = reduceDashboard(next, event);
        if (!reduced) continue;
        next = reduced;
        last = event;
      }
      if (!last) return 'unchanged';
      const notice = createEvent(
        'DASHBOARD_UPDATED',
        { userId, revision: next.revision, causedBy: last.id, updatedAt: next.updatedAt },
        { subject: userId, source: sourceOf('dashboard'), correlationId: last.correlationid, causationId: last.id },
      );
      const recent = [...(doc?.recent ?? []), ...events.map((e) => e.id)].filter((id, i, all) => all.indexOf(id) === i).slice(-RECENT_KEPT);
      const entries = toOutboxEntries([notice]); // the very objects written go to the relay
      if (!doc) {
        try {
          await dashboards.insertOne({ _id: userId, revision: next.revision, state: encodeState(next), recent, [OUTBOX_FIELD]: entries });
        } catch (err) {
          if ((err as { code?: number }).code === 11000) continue; // created meanwhile: retry on it
          throw err;
        }
      } else {
        const res = await dashboards.updateOne(
          revisionGuard(doc, state.revision),
          withOutboxEntries({ $set: { revision: next.revision, state: encodeState(next), recent } }, entries),
        );
        if (res.matchedCount === 0) continue;
      }
      // Created now, or read with an empty outbox and written over that very revision: the
      // document holds only this entry, so the relay need not read it back. Otherwise it does
      // (entries before ours, maybe left by another process, go out first).
      if ((doc?.[OUTBOX_FIELD] ?? []).length === 0) relay.handOff(dashboards as never, [{ _id: userId, entries }]);
      else relay.nudge(dashboards as never, [userId]);
      cache.offer(userId, next); // before the push below, which reads it
      onWritten(userId, notice.id);
      return 'applied';
    }
    throw new Error(`dashboard of ${userId} kept changing; will retry`);
  }

  const apply = (event: DashboardSourceEvent) => applyForUser(event.subject, [event]);

  /** A fetched batch: each user's events folded into one write, USERS_IN_FLIGHT users at a time. */
  async function applyMany(events: readonly DashboardSourceEvent[]): Promise<void> {
    const byUser = new Map<string, DashboardSourceEvent[]>();
    for (const event of events) {
      const list = byUser.get(event.subject);
      if (list) list.push(event);
      else byUser.set(event.subject, [event]);
    }
    await eachLimited([...byUser], USERS_IN_FLIGHT, async ([userId, list]) => void (await applyForUser(userId, list)));
  }

  return {
    dashboards,
    apply,
    applyMany,
    async state(userId: string): Promise<DashboardState> {
      const cached = cache.get(userId);
      if (cached) return cached;
      const stored = (await dashboards.findOne({ _id: userId }, { projection: { state: 1 } }))?.state;
      if (!stored) return emptyDashboard();
      const state = decodeState(stored);
      cache.offer(userId, state);
      return state;
    },
    /** A DASHBOARD_UPDATED notice (from any replica): a cached state older than it is dropped. */
    heard: (userId: string, revision: number) => cache.heard(userId, revision),
    async purge(userId: string) {
      const { deletedCount } = await dashboards.deleteMany({ _id: userId });
      cache.forget(userId);
      return deletedCount;
    },
  };
}
export type DashboardProjection = ReturnType<typeof createDashboardProjection>;
