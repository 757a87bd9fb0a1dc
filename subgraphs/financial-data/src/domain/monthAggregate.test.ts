import { createEvent, type ExpenseSnapshot } from '@expensio/events';
import { describe, expect, it } from 'vitest';
import { computeFigures, encodeKey, foldTouches, touchesOf, type EntityEntry, type MonthTouch, type SourceEvent } from './monthAggregate.ts';

const userId = 'u1';
const base: ExpenseSnapshot = {
  expenseId: 'e1',
  userId,
  title: 'Lunch',
  amount: { minor: 1000, currency: 'EUR' },
  categoryCode: 'food',
  mood: 'happy',
  cognitiveTriggers: ['convenience'],
  expenseType: 'necessity',
  paymentMethod: 'cash',
  merchant: null,
  tags: [],
  isRecurring: false,
  occurredAt: '2026-03-31T23:30:00Z',
  timeZone: 'Asia/Tokyo', // 08:30 on April 1st there
  version: 1,
};
const opts = { subject: userId, source: '/expensio/test' };
const created = (s: ExpenseSnapshot) => createEvent('EXPENSE_CREATED', s, opts) as SourceEvent;
const updated = (before: ExpenseSnapshot, after: ExpenseSnapshot) =>
  createEvent('EXPENSE_UPDATED', { expenseId: 'e1', userId, version: after.version, before, after, changedFields: ['occurredAt'] }, opts) as SourceEvent;
const deleted = (before: ExpenseSnapshot, version: number) =>
  createEvent('EXPENSE_DELETED', { expenseId: 'e1', userId, version, before, deletedAt: '2026-05-01T00:00:00Z' }, opts) as SourceEvent;

/** Replays touches grouped per month, the way the store does, and returns each month's entries. */
function replay(events: SourceEvent[]): Record<string, Record<string, EntityEntry>> {
  const months: Record<string, Record<string, EntityEntry>> = {};
  for (const e of events) {
    const byMonth = new Map<string, MonthTouch[]>();
    for (const t of touchesOf(e).touches) byMonth.set(t.month, [...(byMonth.get(t.month) ?? []), t]);
    for (const [month, touches] of byMonth) months[month] = { ...months[month], ...foldTouches(months[month] ?? {}, touches) };
  }
  return months;
}

describe('touchesOf', () => {
  it('given an expense late on March 31 UTC by a user in Tokyo, when created, then it lands in April', () => {
    const { touches, change } = touchesOf(created(base));
    expect(touches).toHaveLength(1);
    expect(touches[0]).toMatchObject({ month: '2026-04', entityKey: 'xe1', entry: { v: 1, c: { amt: 1000, cur: 'EUR', cat: 'food' } } });
    expect(change).toMatchObject({ type: 'EXPENSE_CREATED', entityId: 'e1', entityVersion: 1 });
  });

  it('given an update that moves the month, then the new month gets the contribution and the old one a tombstone', () => {
    const after = { ...base, occurredAt: '2026-05-10T10:00:00Z', version: 2 };
    const { touches } = touchesOf(updated(base, after));
    expect(touches.map((t) => [t.month, t.entry.v, t.entry.c === null])).toEqual([
      ['2026-05', 2, false],
      ['2026-04', 2, true],
    ]);
  });
});

describe('foldTouches', () => {
  const v1 = base;
  const v2 = { ...base, occurredAt: '2026-05-10T10:00:00Z', amount: { minor: 2500, currency: 'EUR' }, version: 2 };
  const v3 = { ...v2, occurredAt: '2026-06-10T10:00:00Z', categoryCode: 'pets', version: 3 };
  const history = [created(v1), updated(v1, v2), updated(v2, v3), deleted(v3, 4)];

  it('given the same event twice, when folded, then the second changes nothing', () => {
    const touches = touchesOf(created(v1)).touches;
    const once = foldTouches({}, touches);
    expect(foldTouches(once, touches)).toEqual({});
  });

  it('given a history in every order, when replayed, then every month ends the same (and nothing is live after the delete)', () => {
    const permutations = (xs: SourceEvent[]): SourceEvent[][] =>
      xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
    const expected = replay(history);
    expect(Object.values(expected).flatMap((m) => Object.values(m)).every((e) => e.c === null)).toBe(true);
    for (const order of permutations(history)) {
      const result = replay(order);
      for (const month of Object.keys(expected)) expect(computeFigures(result[month] ?? {})).toEqual(computeFigures(expected[month]!));
    }
    // Without the delete, only June holds the expense, at v3, in pets.
    for (const order of permutations(history.slice(0, 3))) {
      const result = replay(order);
      expect(computeFigures(result['2026-06']!).byCategory).toEqual([{ categoryCode: 'pets', amounts: { EUR: 2500 }, count: 1 }]);
      expect(computeFigures(result['2026-04'] ?? {}).expenses.count).toBe(0);
      expect(computeFigures(result['2026-05'] ?? {}).expenses.count).toBe(0);
    }
  });
});

describe('computeFigures', () => {
  it('given expenses in two currencies and an income, then amounts stay per currency and rows are sorted', () => {
    const figures = computeFigures({
      a: { v: 1, c: { k: 'e', cur: 'EUR', amt: 1000, cat: 'food', mood: 'regretful', trig: ['impulseBuying', 'convenience'], pm: 'cash', et: 'luxury', rec: false } },
      b: { v: 1, c: { k: 'e', cur: 'JPY', amt: 800, cat: 'food', mood: null, trig: [], pm: 'cash', et: null, rec: true } },
      c: { v: 2, c: null },
      d: { v: 1, c: { k: 'i', cur: 'EUR', amt: 300000, cat: 'salaryWages' } },
    });
    expect(figures.expenses).toEqual({ amounts: { EUR: 1000, JPY: 800 }, count: 2 });
    expect(figures.incomes).toEqual({ amounts: { EUR: 300000 }, count: 1 });
    expect(figures.byCategory).toEqual([{ categoryCode: 'food', amounts: { EUR: 1000, JPY: 800 }, count: 2 }]);
    expect(figures.byTrigger.map((r) => r.trigger)).toEqual(['convenience', 'impulseBuying']);
    expect(figures.byMood).toEqual([{ mood: 'regretful', amounts: { EUR: 1000 }, count: 1 }]);
    expect(figures.recurring).toEqual({ amounts: { JPY: 800 }, count: 1 });
    expect(figures.byExpenseType).toEqual([{ expenseType: 'luxury', amounts: { EUR: 1000 }, count: 1 }]);
  });
});

describe('encodeKey', () => {
  it('given keys FerretDB refuses, then they are encoded and cannot collide with plain keys', () => {
    expect(encodeKey('food')).toBe('food');
    expect(encodeKey('a.b')).toMatch(/^~[A-Za-z0-9_-]+$/);
    expect(encodeKey('$x')).toMatch(/^~/);
    expect(encodeKey('a.b')).not.toBe(encodeKey('a_b'));
  });
});
