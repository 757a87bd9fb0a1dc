// How a dashboard is stored: its state as JSON text (the kit's storedJson says why), with the
// revision beside it for the compare-and-set. A dashboard is nested throughout: for a user with
// ten months of figures and forty latest expenses and incomes (1,000 such dashboards), FerretDB CPU
// per dashboard as objects and as text: a guarded write 3.6 -> 0.73 ms, clearing its outbox entry
// 1.8 -> 0.49 ms, a read 2.5-3.3 -> 0.58 ms. Dashboards are found by `_id` only.
import type { OutboxEntry, OUTBOX_FIELD } from '@expensio/events';
import { fromStoredJson, toStoredJson } from '@expensio/kit';
import type { DashboardState } from './dashboardState.ts';

export interface DashboardDoc {
  _id: string;
  /**
   * The state's revision, the compare-and-set token. Absent on a document an older build wrote,
   * whose `state` is an object holding it: such a document is read as it is and stored as text by
   * its next write.
   */
  revision?: number;
  state: string | DashboardState;
  /**
   * Ids of the last events applied: a redelivery is recognised without re-running the reducer.
   * Only a shortcut (the reducer's version checks make an old redelivery a no-op too), so it is
   * kept short.
   */
  recent: string[];
  [OUTBOX_FIELD]?: OutboxEntry[];
}

export const encodeState = (state: DashboardState): string => toStoredJson(state);

export const decodeState = (stored: string | DashboardState): DashboardState => fromStoredJson(stored);

/** The filter of a write over the document as read at `revision`, in either stored shape. */
export const revisionGuard = (doc: Pick<DashboardDoc, '_id' | 'revision'>, revision: number) =>
  doc.revision === undefined ? { _id: doc._id, 'state.revision': revision } : { _id: doc._id, revision };
