// The dashboard read model of one user, and how each event changes it: a pure reducer, so the
// projection is one compare-and-set write per event and replays are harmless (every change is
// guarded by the version it carries).
import type { EventsOfTopic, MonthlyFigures, TOPICS } from '@expensio/events';

export type DashboardSourceEvent = EventsOfTopic<typeof TOPICS.expense | typeof TOPICS.income | typeof TOPICS.financialData>;

/**
 * An expense or income in a "latest" list: what orders it, and a copy of the fields the dashboard
 * shows (title, amount), which the subgraph serves itself (`@provides` in schema.graphql) instead of
 * sending the gateway to the expense or income subgraph for every dashboard read and push. The
 * copy follows the entity's own events, version-guarded like the rest.
 */
export interface LatestEntry {
  readonly id: string;
  readonly at: string;
  readonly version: number;
  /** Kept (hidden) after a delete so a late, older create or update cannot bring it back. */
  readonly deleted: boolean;
  /** Absent on tombstones, and on entries written before the copy was kept (those are not shown). */
  readonly title?: string;
  readonly amount?: { readonly minor: number; readonly currency: string };
}

export interface BudgetAlert {
  readonly budgetId: string;
  readonly month: string;
  readonly categoryCode: string | null;
  readonly budget: { readonly minor: number; readonly currency: string };
  readonly spent: { readonly minor: number; readonly currency: string };
  readonly exceededAt: string;
}

export interface DashboardState {
  /** +1 per applied change; the compare-and-set token of the projection's writes. */
  readonly revision: number;
  /** Month figures from FINANCIALDATA_UPDATED, with the aggregate version they came at. */
  readonly months: Readonly<Record<string, { readonly figures: MonthlyFigures; readonly version: number }>>;
  readonly latestExpenses: readonly LatestEntry[];
  readonly latestIncomes: readonly LatestEntry[];
  readonly budgetAlerts: readonly BudgetAlert[];
  readonly updatedAt: string;
}

/** How much of each list is kept: more than shown, so a delete still leaves 10 to show. */
export const LATEST_SHOWN = 10;
const LATEST_KEPT = 40;
/** Months kept: the trend's six and the three before them that insights compare with. */
const MONTHS_KEPT = 10;

export const emptyDashboard = (): DashboardState => ({
  revision: 0,
  months: {},
  latestExpenses: [],
  latestIncomes: [],
  budgetAlerts: [],
  updatedAt: new Date(0).toISOString(),
});

function upsertLatest(list: readonly LatestEntry[], entry: LatestEntry): readonly LatestEntry[] | null {
  const current = list.find((e) => e.id === entry.id);
  // Stale or replayed; except that a replay of the same version brings the copy of title and
  // amount to an entry kept before the copy was (a rebuild from the topics heals an old read model).
  const fills = current?.version === entry.version && current.title === undefined && entry.title !== undefined;
  if (current && current.version >= entry.version && !fills) return null;
  const next = [...list.filter((e) => e.id !== entry.id), entry].sort(
    (a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1),
  );
  // Keep the newest; drop the oldest tombstones first.
  while (next.length > LATEST_KEPT) {
    const oldestDeleted = next.map((e) => e.deleted).lastIndexOf(true);
    next.splice(oldestDeleted >= 0 ? oldestDeleted : next.length - 1, 1);
  }
  return next;
}

/**
 * The state after an event, or null when the event changes nothing (already applied, stale, or
 * of no interest to the dashboard).
 */
export function reduceDashboard(state: DashboardState, event: DashboardSourceEvent): DashboardState | null {
  const next = (patch: Partial<DashboardState>): DashboardState => ({
    ...state,
    ...patch,
    revision: state.revision + 1,
    updatedAt: event.time,
  });
  switch (event.type) {
    case 'FINANCIALDATA_UPDATED': {
      const { month, version, figures } = event.data;
      if ((state.months[month]?.version ?? 0) >= version) return null;
      const months = { ...state.months, [month]: { figures: figures as MonthlyFigures, version } };
      const keep = Object.keys(months).sort().slice(-MONTHS_KEPT);
      return next({ months: Object.fromEntries(keep.map((m) => [m, months[m]!])) });
    }
    case 'EXPENSE_CREATED':
    case 'EXPENSE_UPDATED': {
      const s = event.type === 'EXPENSE_CREATED' ? event.data : event.data.after;
      const list = upsertLatest(state.latestExpenses, { id: s.expenseId, at: s.occurredAt, version: s.version, deleted: false, title: s.title, amount: s.amount });
      return list ? next({ latestExpenses: list }) : null;
    }
    case 'EXPENSE_DELETED': {
      const d = event.data;
      const list = upsertLatest(state.latestExpenses, { id: d.expenseId, at: d.before.occurredAt, version: d.version, deleted: true });
      return list ? next({ latestExpenses: list }) : null;
    }
    case 'INCOME_CREATED':
    case 'INCOME_UPDATED': {
      const s = event.type === 'INCOME_CREATED' ? event.data : event.data.after;
      const list = upsertLatest(state.latestIncomes, { id: s.incomeId, at: s.receivedAt, version: s.version, deleted: false, title: s.title, amount: s.amount });
      return list ? next({ latestIncomes: list }) : null;
    }
    case 'INCOME_DELETED': {
      const d = event.data;
      const list = upsertLatest(state.latestIncomes, { id: d.incomeId, at: d.before.receivedAt, version: d.version, deleted: true });
      return list ? next({ latestIncomes: list }) : null;
    }
    case 'BUDGET_EXCEEDED': {
      const a = event.data;
      if (state.budgetAlerts.some((b) => b.budgetId === a.budgetId && b.month === a.month)) return null;
      const alerts = [...state.budgetAlerts, { budgetId: a.budgetId, month: a.month, categoryCode: a.categoryCode, budget: a.budget, spent: a.spent, exceededAt: a.exceededAt }];
      return next({ budgetAlerts: alerts.slice(-20) });
    }
    default:
      return null;
  }
}

/** What a "latest" list shows, newest first. */
export type ShownEntry = Required<Pick<LatestEntry, 'id' | 'title' | 'amount'>>;

/**
 * The entries to show, newest first. An entry kept before the copy of its fields was (an older
 * read model) is left out rather than shown without them; its next event brings the copy.
 */
export const shownEntries = (list: readonly LatestEntry[]): ShownEntry[] =>
  list
    .filter((e): e is LatestEntry & ShownEntry => !e.deleted && e.title !== undefined && e.amount !== undefined)
    .slice(0, LATEST_SHOWN)
    .map(({ id, title, amount }) => ({ id, title, amount }));
