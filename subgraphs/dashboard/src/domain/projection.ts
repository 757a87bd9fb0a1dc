import { createEvent, outboxFields, sourceOf, withOutbox, type OutboxRelay } from '@expensio/events';
import type { Collection, Db } from 'mongodb';
import { emptyDashboard, reduceDashboard, type DashboardSourceEvent, type DashboardState } from './dashboardState.ts';

export interface DashboardDoc {
  _id: string;
  state: DashboardState;
  /** Ids of the last events applied: a redelivery is recognised without re-running the reducer. */
  recent: string[];
}

const RECENT_KEPT = 200;
const MAX_ATTEMPTS = 5;

/**
 * Applies an event to the user's dashboard document as one compare-and-set write on the state's
 * revision, carrying DASHBOARD_UPDATED in the same write (outbox). One writer per user in practice
 * (the key is the user id); the CAS keeps a second replica from losing an update.
 */
export function createDashboardProjection(db: Db, relay: OutboxRelay) {
  const dashboards: Collection<DashboardDoc> = db.collection<DashboardDoc>('dashboards');

  async function apply(event: DashboardSourceEvent): Promise<'applied' | 'unchanged'> {
    const userId = event.subject;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const doc = await dashboards.findOne({ _id: userId }, { projection: { _outbox: 0 } });
      if (doc?.recent.includes(event.id)) return 'unchanged';
      const state = doc?.state ?? emptyDashboard();
      const next = reduceDashboard(state, event);
      if (!next) return 'unchanged';
      const notice = createEvent(
        'DASHBOARD_UPDATED',
        { userId, revision: next.revision, causedBy: event.id, updatedAt: next.updatedAt },
        { subject: userId, source: sourceOf('dashboard'), correlationId: event.correlationid, causationId: event.id },
      );
      const recent = [...(doc?.recent ?? []), event.id].slice(-RECENT_KEPT);
      if (!doc) {
        try {
          await dashboards.insertOne({ _id: userId, state: next, recent, ...outboxFields([notice]) });
        } catch (err) {
          if ((err as { code?: number }).code === 11000) continue; // created meanwhile: retry on it
          throw err;
        }
      } else {
        const res = await dashboards.updateOne(
          { _id: userId, 'state.revision': state.revision },
          withOutbox({ $set: { state: next, recent } }, [notice]),
        );
        if (res.matchedCount === 0) continue;
      }
      relay.nudge(dashboards as never, [userId]);
      return 'applied';
    }
    throw new Error(`dashboard of ${userId} kept changing; will retry`);
  }

  return {
    dashboards,
    apply,
    state: async (userId: string): Promise<DashboardState> =>
      (await dashboards.findOne({ _id: userId }, { projection: { state: 1 } }))?.state ?? emptyDashboard(),
    purge: async (userId: string) => (await dashboards.deleteMany({ _id: userId })).deletedCount,
  };
}
export type DashboardProjection = ReturnType<typeof createDashboardProjection>;
