import { randomUUID } from 'node:crypto';
import { createEvent, type ExpensioEvent } from '@expensio/events';
import { describe, expect, it } from 'vitest';
import { expense, sampleData } from '../../../../events/src/contracts/testFixtures.ts';
import { emptyDashboard, reduceDashboard, shownEntries, type DashboardState, type LatestEntry } from './dashboardState.ts';

const shownIds = (list: readonly LatestEntry[]) => shownEntries(list).map((e) => e.id);

const opts = { subject: expense.userId, source: '/expensio/test' };
const created = (id: string, at: string, version = 1) =>
  createEvent('EXPENSE_CREATED', { ...expense, expenseId: id, occurredAt: at, version }, opts);
const deleted = (id: string, at: string, version: number) =>
  createEvent('EXPENSE_DELETED', { expenseId: id, userId: expense.userId, version, deletedAt: at, before: { ...expense, expenseId: id, occurredAt: at, version: version - 1 } }, opts);
const updated = (id: string, at: string, version: number, title: string, minor: number) => {
  const before = { ...expense, expenseId: id, occurredAt: at, version: version - 1 };
  const after = { ...before, title, amount: { minor, currency: expense.amount.currency }, version };
  return createEvent('EXPENSE_UPDATED', { expenseId: id, userId: expense.userId, version, before, after, changedFields: ['title', 'amount'] }, opts);
};
const figures = (version: number, month = '2025-03') =>
  createEvent('FINANCIALDATA_UPDATED', { ...(sampleData.FINANCIALDATA_UPDATED as object), month, version } as never, opts);

const apply = (events: ExpensioEvent[], start: DashboardState = emptyDashboard()) =>
  events.reduce((s, e) => reduceDashboard(s, e as never) ?? s, start);

describe('dashboard read model', () => {
  it('given expenses, then the latest are listed newest first', () => {
    const s = apply([created('a', '2025-03-01T10:00:00Z'), created('b', '2025-03-03T10:00:00Z'), created('c', '2025-03-02T10:00:00Z')]);
    expect(shownIds(s.latestExpenses)).toEqual(['b', 'c', 'a']);
    expect(s.revision).toBe(3);
  });

  it('given a delete, then the expense leaves the list and a late older update does not bring it back', () => {
    const s = apply([created('a', '2025-03-01T10:00:00Z'), deleted('a', '2025-03-01T10:00:00Z', 3), created('a', '2025-03-01T10:00:00Z', 2)]);
    expect(shownIds(s.latestExpenses)).toEqual([]);
  });

  it('given the same event twice, then the second changes nothing', () => {
    const e = created('a', '2025-03-01T10:00:00Z');
    const once = apply([e]);
    expect(reduceDashboard(once, e as never)).toBeNull();
  });

  it('given month figures out of order, then the newest version wins', () => {
    const s = apply([figures(5), figures(4)]);
    expect(s.months['2025-03']?.version).toBe(5);
  });

  it('given more than 40 expenses, then the oldest are dropped but ten are always shown', () => {
    const events = Array.from({ length: 50 }, (_, i) => created(randomUUID(), new Date(Date.UTC(2025, 0, 1 + i)).toISOString()));
    const s = apply(events);
    expect(s.latestExpenses.length).toBe(40);
    expect(shownIds(s.latestExpenses)).toHaveLength(10);
  });

  it('given an expense and its update, then the list shows the copy of its latest title and amount; an older update does not undo it', () => {
    const s = apply([created('a', '2025-03-01T10:00:00Z'), updated('a', '2025-03-01T10:00:00Z', 3, 'Groceries', 4_200), updated('a', '2025-03-01T10:00:00Z', 2, 'Old', 1)]);
    expect(shownEntries(s.latestExpenses)).toEqual([{ id: 'a', title: 'Groceries', amount: { minor: 4_200, currency: expense.amount.currency } }]);
  });

  it('given an entry kept before the copy was (an older read model), then it is not shown until its next event', () => {
    const legacy: DashboardState = { ...emptyDashboard(), latestExpenses: [{ id: 'old', at: '2025-03-05T10:00:00Z', version: 1, deleted: false }] };
    const s = apply([created('a', '2025-03-01T10:00:00Z')], legacy);
    expect(shownIds(s.latestExpenses)).toEqual(['a']);
    expect(shownIds(apply([updated('old', '2025-03-05T10:00:00Z', 2, 'Back', 100)], s).latestExpenses)).toEqual(['old', 'a']);
    // A replay of its own event (same version) brings the copy too; replaying it again changes nothing.
    const replayed = apply([created('old', '2025-03-05T10:00:00Z')], s);
    expect(shownEntries(replayed.latestExpenses)[0]).toMatchObject({ id: 'old', title: expense.title });
    expect(reduceDashboard(replayed, created('old', '2025-03-05T10:00:00Z') as never)).toBeNull();
  });
});
