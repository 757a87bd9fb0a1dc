// The kit's month views and insights as this subgraph serves them, and the budget logic, on hand-computed data.
import type { MonthlyFigures } from '@expensio/events';
import { describe, expect, it } from 'vitest';
import { budgetStatus, newlyExceeded, type Budget } from './budgets.ts';
import { addMonths, computeInsights, monthsBetween, projectToMonthEnd } from '@expensio/kit';
import { computeFigures, type EntityEntries } from './monthAggregate.ts';

let n = 0;
const exp = (cat: string, amt: number, extra: Partial<{ mood: 'happy' | 'neutral' | 'regretful'; trig: string[]; rec: boolean; cur: string }> = {}) => ({
  [`e${n++}`]: { v: 1, c: { k: 'e' as const, cur: extra.cur ?? 'EUR', amt, cat, mood: extra.mood ?? null, trig: (extra.trig ?? []) as never, pm: 'cash' as const, et: null, rec: extra.rec ?? false } },
});
const month = (...entries: EntityEntries[]): MonthlyFigures => computeFigures(Object.assign({}, ...entries));
const fig = (insights: ReturnType<typeof computeInsights>, kind: string, name: string) => {
  const f = insights.find((i) => i.kind === kind)?.figures.find((x) => x.name === name);
  return f?.money ? Number(f.money.minorUnits) : f?.value;
};

describe('calendar', () => {
  it('given months, then adds across years and lists ranges inclusively', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 2)).toBe('2026-02');
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
  it('given the 10th of a 30-day month, then the projection triples; a past month is as spent', () => {
    const now = new Date('2026-04-10T12:00:00Z');
    expect(projectToMonthEnd(1000, '2026-04', now, 'UTC')).toBe(3000);
    expect(projectToMonthEnd(1000, '2026-03', now, 'UTC')).toBe(1000);
  });
});

describe('computeInsights', () => {
  // Given: June (the current month, day 10 of 30) and the three months before, computed by hand.
  const now = new Date('2026-06-10T12:00:00Z');
  const june = month(
    exp('food', 20_000, { mood: 'regretful', trig: ['impulseBuying', 'emotionalSpending'] }),
    exp('food', 10_000, { mood: 'happy', trig: ['impulseBuying'] }),
    exp('housing', 50_000, { mood: 'neutral', rec: true, trig: ['obligation'] }),
    exp('pets', 5_000, { mood: 'regretful', cur: 'USD' }),
  );
  const may = month(exp('food', 30_000), exp('housing', 50_000));
  const april = month(exp('food', 30_000), exp('housing', 50_000));
  const march = month(exp('food', 30_000), exp('housing', 50_000));
  const insights = computeInsights({ month: '2026-06', figures: june, previous: [may, april, march], baseCurrency: 'EUR', timeZone: 'UTC', now });

  it('flags a category whose projected month is 25% above its 3-month average', () => {
    // food: 300.00 spent by day 10 of 30 -> 900.00 projected; average (300+300+300)/3 = 300.00; ratio 3.
    const pace = insights.filter((i) => i.kind === 'CATEGORY_PACE');
    expect(pace.map((i) => i.subject)).toEqual(['food', 'housing']); // housing: 500 -> 1500 against 500
    expect(fig(pace, 'CATEGORY_PACE', 'projected')).toBe(90_000);
    expect(fig(pace, 'CATEGORY_PACE', 'threeMonthAverage')).toBe(30_000);
    expect(fig(pace, 'CATEGORY_PACE', 'ratio')).toBe(3);
  });

  it('reports the regretful share of base-currency spending', () => {
    // 200.00 of 800.00 EUR (the USD pet expense is not converted), 2 of 4 expenses by count.
    expect(fig(insights, 'REGRETFUL_SHARE', 'shareOfAmount')).toBe(0.25);
    expect(fig(insights, 'REGRETFUL_SHARE', 'shareOfCount')).toBe(0.5);
    expect(insights.find((i) => i.kind === 'REGRETFUL_SHARE')?.severity).toBe('warning');
  });

  it('lists the top triggers with their shares', () => {
    const top = insights.find((i) => i.kind === 'TOP_TRIGGERS')!;
    expect(top.figures.map((f) => [f.name, f.money?.minorUnits, f.value])).toEqual([
      ['totalSpent', '80000', undefined],
      ['obligation', '50000', 0.625],
      ['impulseBuying', '30000', 0.375],
      ['emotionalSpending', '20000', 0.25],
    ]);
  });

  it('names the mood with the highest spend per purchase, skipping moods with other currencies', () => {
    // neutral 500.00/1; happy 100.00/1; regretful mixes EUR and USD, so it is left out.
    const mood = insights.find((i) => i.kind === 'COSTLIEST_MOOD')!;
    expect(mood.subject).toBe('neutral');
    expect(mood.figures.map((f) => f.name)).toEqual(['neutral.perPurchase', 'neutral.count', 'happy.perPurchase', 'happy.count']);
  });

  it('reports recurring spend and the biggest month-over-month increases', () => {
    expect(fig(insights, 'RECURRING_SPEND', 'shareOfAmount')).toBe(0.625);
    // Against May's actual amounts: food 300 vs 300, housing 500 vs 500: no increase.
    expect(insights.filter((i) => i.kind === 'MONTH_OVER_MONTH_INCREASE')).toEqual([]);
    // July: food 450 (+150, +50%), pets 100 (+100, new), housing 500 (unchanged).
    const july = month(exp('food', 45_000), exp('pets', 10_000), exp('housing', 50_000));
    const up = computeInsights({ month: '2026-07', figures: july, previous: [may], baseCurrency: 'EUR', timeZone: 'UTC', now });
    const inc = up.filter((i) => i.kind === 'MONTH_OVER_MONTH_INCREASE');
    expect(inc.map((i) => [i.subject, fig([i], i.kind, 'increase'), fig([i], i.kind, 'increaseShare')])).toEqual([
      ['food', 15_000, 0.5],
      ['pets', 10_000, undefined],
    ]);
  });
});

describe('budgets', () => {
  const budget: Budget = { budgetId: 'b1', userId: 'u', categoryCode: 'food', amount: { minor: 40_000, currency: 'EUR' }, fromMonth: '2026-06', updatedAt: new Date() };
  const june = month(exp('food', 30_000), exp('food', 5_000, { cur: 'USD' }), exp('pets', 99_000));

  it('counts only the category in the budget currency and projects at the current pace', () => {
    const s = budgetStatus(budget, '2026-06', june, new Date('2026-06-10T12:00:00Z'), 'UTC');
    expect(s).toEqual({ spent: 30_000, remaining: 10_000, projected: 90_000, exceeded: false, projectedToExceed: true, usedShare: 0.75 });
  });

  it('reports a crossing once per budget and month, and only from the month it was set', () => {
    const over = month(exp('food', 45_000));
    expect(newlyExceeded([budget], '2026-06', over, {}).map((x) => x.spent)).toEqual([45_000]);
    expect(newlyExceeded([budget], '2026-06', over, { cfood: 'b1' })).toEqual([]);
    expect(newlyExceeded([{ ...budget, budgetId: 'b2' }], '2026-06', over, { cfood: 'b1' })).toHaveLength(1);
    expect(newlyExceeded([budget], '2026-05', over, {})).toEqual([]);
  });
});
