// Insights: deterministic functions of a month's figures, the three months before it and the clock,
// each carrying the numbers it was computed from. Base currency only (amounts in other currencies
// are never converted).
import type { MonthlyFigures } from '@expensio/events';
import { minorUnitsToDecimal } from '@expensio/events';
import { toMoney, type MoneyOutput } from '../money.ts';
import { projectToMonthEnd } from './calendar.ts';
import { EMPTY_FIGURES } from './emptyFigures.ts';
import { baseAmount } from './summary.ts';

/** A category is flagged when its pace is at least this much of its 3-month average. */
export const PACE_THRESHOLD = 1.25;
/** The regretful share from which REGRETFUL_SHARE is a warning. */
export const REGRETFUL_WARNING_SHARE = 0.25;
/** How many triggers and increases are listed. */
export const TOP_N = 3;

export interface InsightFigure {
  readonly name: string;
  readonly money?: MoneyOutput;
  readonly value?: number;
}

export interface Insight {
  readonly kind: 'CATEGORY_PACE' | 'REGRETFUL_SHARE' | 'TOP_TRIGGERS' | 'COSTLIEST_MOOD' | 'RECURRING_SPEND' | 'MONTH_OVER_MONTH_INCREASE';
  readonly title: string;
  readonly detail: string;
  readonly severity: 'info' | 'warning';
  readonly month: string;
  readonly subject: string | null;
  readonly figures: readonly InsightFigure[];
}

export interface InsightInput {
  readonly month: string;
  readonly figures: MonthlyFigures | undefined;
  /** The three months before, most recent first: [M-1, M-2, M-3]. */
  readonly previous: readonly (MonthlyFigures | undefined)[];
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly now: Date;
}

const pct = (ratio: number) => `${Math.round(ratio * 100)}%`;

export function computeInsights(input: InsightInput): Insight[] {
  const { month, baseCurrency: base } = input;
  const f = input.figures ?? EMPTY_FIGURES;
  const money = (minor: number) => toMoney({ minor: Math.round(minor), currency: base });
  const show = (minor: number) => `${minorUnitsToDecimal(Math.round(minor), base)} ${base}`;
  const total = baseAmount(f.expenses.amounts, base);
  const insights: Insight[] = [];
  const make = (i: Omit<Insight, 'month'>): Insight => ({ ...i, month });

  // Category pace against the average of the three months before (months without data count as 0).
  const prev = [0, 1, 2].map((i) => input.previous[i] ?? EMPTY_FIGURES);
  const categoryAmount = (figures: MonthlyFigures, code: string) =>
    baseAmount(figures.byCategory.find((r) => r.categoryCode === code)?.amounts ?? {}, base);
  for (const row of f.byCategory) {
    const spent = baseAmount(row.amounts, base);
    if (spent <= 0) continue;
    const average = prev.reduce((sum, p) => sum + categoryAmount(p, row.categoryCode), 0) / 3;
    if (average <= 0) continue;
    const projected = projectToMonthEnd(spent, month, input.now, input.timeZone);
    const ratio = projected / average;
    if (ratio < PACE_THRESHOLD) continue;
    insights.push(
      make({
        kind: 'CATEGORY_PACE',
        severity: 'warning',
        subject: row.categoryCode,
        title: `${row.categoryCode} is ${pct(ratio - 1)} above its 3-month average`,
        detail:
          `At the current pace ${row.categoryCode} ends the month at ${show(projected)} (spent so far ${show(spent)}), ` +
          `against an average of ${show(average)} over the three months before; flagged from ${pct(PACE_THRESHOLD)}.`,
        figures: [
          { name: 'spent', money: money(spent) },
          { name: 'projected', money: money(projected) },
          { name: 'threeMonthAverage', money: money(average) },
          { name: 'ratio', value: ratio },
          { name: 'threshold', value: PACE_THRESHOLD },
        ],
      }),
    );
  }

  if (total > 0) {
    const regretful = f.byMood.find((r) => r.mood === 'regretful');
    const amount = baseAmount(regretful?.amounts ?? {}, base);
    const shareOfAmount = amount / total;
    const shareOfCount = (regretful?.count ?? 0) / f.expenses.count;
    insights.push(
      make({
        kind: 'REGRETFUL_SHARE',
        severity: shareOfAmount >= REGRETFUL_WARNING_SHARE ? 'warning' : 'info',
        subject: 'regretful',
        title: `${pct(shareOfAmount)} of this month's spending is tagged regretful`,
        detail: `${show(amount)} of ${show(total)} (${regretful?.count ?? 0} of ${f.expenses.count} expenses) was tagged regretful.`,
        figures: [
          { name: 'regretfulAmount', money: money(amount) },
          { name: 'totalSpent', money: money(total) },
          { name: 'shareOfAmount', value: shareOfAmount },
          { name: 'regretfulCount', value: regretful?.count ?? 0 },
          { name: 'shareOfCount', value: shareOfCount },
        ],
      }),
    );
  }

  const triggers = f.byTrigger
    .map((r) => ({ code: r.trigger, amount: baseAmount(r.amounts, base), count: r.count }))
    .filter((t) => t.amount > 0)
    .sort((a, b) => b.amount - a.amount || b.count - a.count || (a.code < b.code ? -1 : 1))
    .slice(0, TOP_N);
  if (total > 0 && triggers.length > 0) {
    insights.push(
      make({
        kind: 'TOP_TRIGGERS',
        severity: 'info',
        subject: triggers[0]!.code,
        title: `Top trigger: ${triggers[0]!.code} (${pct(triggers[0]!.amount / total)} of spending)`,
        detail:
          triggers.map((t) => `${t.code} ${show(t.amount)} (${pct(t.amount / total)}, ${t.count} expenses)`).join('; ') +
          `. An expense can carry several triggers, so shares can add up to more than 100%.`,
        figures: [
          { name: 'totalSpent', money: money(total) },
          ...triggers.map((t) => ({ name: t.code, money: money(t.amount), value: t.amount / total })),
        ],
      }),
    );
  }

  // Per purchase: only moods whose expenses are all in the base currency (counts are not kept per
  // currency, so a mixed mood has no exact base-currency average).
  const moods = f.byMood
    .filter((r) => r.count > 0 && Object.keys(r.amounts).every((cur) => cur === base || r.amounts[cur] === 0))
    .map((r) => ({ code: r.mood, amount: baseAmount(r.amounts, base), count: r.count, perPurchase: baseAmount(r.amounts, base) / r.count }))
    .sort((a, b) => b.perPurchase - a.perPurchase || (a.code < b.code ? -1 : 1));
  const top = moods[0];
  if (top && top.amount > 0) {
    insights.push(
      make({
        kind: 'COSTLIEST_MOOD',
        severity: top.code === 'regretful' ? 'warning' : 'info',
        subject: top.code,
        title: `You spend most per purchase when ${top.code}`,
        detail: moods.map((m) => `${m.code}: ${show(m.perPurchase)} per purchase over ${m.count}`).join('; ') + '.',
        figures: moods.flatMap((m) => [
          { name: `${m.code}.perPurchase`, money: money(m.perPurchase) },
          { name: `${m.code}.count`, value: m.count },
        ]),
      }),
    );
  }

  const recurring = baseAmount(f.recurring.amounts, base);
  if (f.recurring.count > 0 && total > 0) {
    insights.push(
      make({
        kind: 'RECURRING_SPEND',
        severity: 'info',
        subject: null,
        title: `Recurring expenses: ${show(recurring)} (${pct(recurring / total)} of spending)`,
        detail: `${f.recurring.count} recurring expenses make ${show(recurring)} of ${show(total)} spent this month.`,
        figures: [
          { name: 'recurringAmount', money: money(recurring) },
          { name: 'recurringCount', value: f.recurring.count },
          { name: 'shareOfAmount', value: recurring / total },
        ],
      }),
    );
  }

  // Biggest increases against the month before, in actual amounts.
  const last = prev[0]!;
  const increases = f.byCategory
    .map((r) => {
      const now = baseAmount(r.amounts, base);
      const before = categoryAmount(last, r.categoryCode);
      return { code: r.categoryCode, now, before, increase: now - before };
    })
    .filter((x) => x.increase > 0)
    .sort((a, b) => b.increase - a.increase || (a.code < b.code ? -1 : 1))
    .slice(0, TOP_N);
  for (const x of increases) {
    insights.push(
      make({
        kind: 'MONTH_OVER_MONTH_INCREASE',
        severity: 'info',
        subject: x.code,
        title: `${x.code} up ${show(x.increase)} on last month`,
        detail: `${x.code}: ${show(x.now)} this month against ${show(x.before)} last month` + (x.before > 0 ? ` (+${pct(x.increase / x.before)}).` : '.'),
        figures: [
          { name: 'thisMonth', money: money(x.now) },
          { name: 'lastMonth', money: money(x.before) },
          { name: 'increase', money: money(x.increase) },
          ...(x.before > 0 ? [{ name: 'increaseShare', value: x.increase / x.before }] : []),
        ],
      }),
    );
  }
  return insights;
}
