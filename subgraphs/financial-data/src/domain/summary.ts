// Figures (per currency, as stored and carried in events) to the GraphQL views: base currency first,
// the other currencies listed apart, shares of amount and count.
import type { MonthlyFigures } from '@expensio/events';
import { toMoney, type MoneyOutput } from '@expensio/kit';
import { EMPTY_FIGURES } from './monthAggregate.ts';

type Amounts = Readonly<Record<string, number>>;
interface Row {
  readonly amounts: Amounts;
  readonly count: number;
}

/** The base-currency amount of a per-currency total (0 when none). */
export const baseAmount = (amounts: Amounts, base: string): number => amounts[base] ?? 0;

/** The non-base currencies of a total, sorted by currency. */
export function otherCurrencies(amounts: Amounts, base: string): MoneyOutput[] {
  return Object.keys(amounts)
    .filter((cur) => cur !== base && amounts[cur] !== 0)
    .sort()
    .map((cur) => toMoney({ minor: amounts[cur]!, currency: cur }));
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** A breakdown row with its shares of the month's total (amount: base currency only). */
function totalRow<K extends string>(key: K, code: string, row: Row, total: Row, base: string) {
  const amount = baseAmount(row.amounts, base);
  return {
    [key]: code,
    amount: toMoney({ minor: amount, currency: base }),
    otherCurrencies: otherCurrencies(row.amounts, base),
    count: row.count,
    shareOfAmount: share(amount, baseAmount(total.amounts, base)),
    shareOfCount: share(row.count, total.count),
  } as { [P in K]: string } & {
    amount: MoneyOutput;
    otherCurrencies: MoneyOutput[];
    count: number;
    shareOfAmount: number;
    shareOfCount: number;
  };
}

/** Largest base amount first, then by count, then by code: a stable order for clients. */
function ordered<T extends { amount: MoneyOutput; count: number }>(rows: T[], code: (r: T) => string): T[] {
  return rows.sort(
    (a, b) =>
      Number(b.amount.minorUnits) - Number(a.amount.minorUnits) || b.count - a.count || (code(a) < code(b) ? -1 : 1),
  );
}

function subtract(a: Amounts, b: Amounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cur of new Set([...Object.keys(a), ...Object.keys(b)])) out[cur] = (a[cur] ?? 0) - (b[cur] ?? 0);
  return out;
}

/** The parts MonthlySummary and YearSummary share. */
function totals(figures: MonthlyFigures, base: string) {
  const f = figures;
  const spent = f.expenses;
  const net = subtract(f.incomes.amounts, spent.amounts);
  return {
    baseCurrency: base,
    totalSpent: toMoney({ minor: baseAmount(spent.amounts, base), currency: base }),
    otherCurrencies: otherCurrencies(spent.amounts, base),
    expenseCount: spent.count,
    totalEarned: toMoney({ minor: baseAmount(f.incomes.amounts, base), currency: base }),
    earnedOtherCurrencies: otherCurrencies(f.incomes.amounts, base),
    incomeCount: f.incomes.count,
    net: toMoney({ minor: baseAmount(net, base), currency: base }),
    netOtherCurrencies: otherCurrencies(net, base),
    byCategory: ordered(f.byCategory.map((r) => totalRow('categoryCode', r.categoryCode, r, spent, base)), (r) => r.categoryCode),
    byMood: ordered(f.byMood.map((r) => totalRow('mood', r.mood, r, spent, base)), (r) => r.mood),
    byTrigger: ordered(f.byTrigger.map((r) => totalRow('trigger', r.trigger, r, spent, base)), (r) => r.trigger),
    byIncomeCategory: ordered(
      f.byIncomeCategory.map((r) => totalRow('categoryCode', r.categoryCode, r, f.incomes, base)),
      (r) => r.categoryCode,
    ),
  };
}

export function toMonthlySummary(month: string, figures: MonthlyFigures | undefined, base: string, version = 0) {
  const f = figures ?? EMPTY_FIGURES;
  return {
    month,
    version,
    ...totals(f, base),
    byPaymentMethod: ordered(f.byPaymentMethod.map((r) => totalRow('paymentMethod', r.paymentMethod, r, f.expenses, base)), (r) => r.paymentMethod),
    byExpenseType: ordered(f.byExpenseType.map((r) => totalRow('expenseType', r.expenseType, r, f.expenses, base)), (r) => r.expenseType),
    recurringSpent: toMoney({ minor: baseAmount(f.recurring.amounts, base), currency: base }),
    recurringCount: f.recurring.count,
  };
}
export type MonthlySummaryView = ReturnType<typeof toMonthlySummary>;

function mergeRows<K extends string>(key: K, lists: readonly (readonly (Record<K, string> & Row)[])[]) {
  const map = new Map<string, { amounts: Record<string, number>; count: number }>();
  for (const list of lists) {
    for (const row of list) {
      const acc = map.get(row[key]) ?? { amounts: {}, count: 0 };
      for (const [cur, amt] of Object.entries(row.amounts)) acc.amounts[cur] = (acc.amounts[cur] ?? 0) + amt;
      acc.count += row.count;
      map.set(row[key], acc);
    }
  }
  return [...map].map(([code, acc]) => ({ [key]: code, ...acc }) as Record<K, string> & Row);
}

function mergeTotal(list: readonly Row[]): { amounts: Record<string, number>; count: number } {
  return mergeRows('k', list.map((r) => [{ k: 'all', ...r }]))[0] ?? { amounts: {}, count: 0 };
}

/** Several months' figures added up (per currency, never across currencies). */
export function mergeFigures(list: readonly MonthlyFigures[]): MonthlyFigures {
  return {
    expenses: mergeTotal(list.map((f) => f.expenses)),
    incomes: mergeTotal(list.map((f) => f.incomes)),
    recurring: mergeTotal(list.map((f) => f.recurring)),
    byCategory: mergeRows('categoryCode', list.map((f) => f.byCategory)),
    byMood: mergeRows('mood', list.map((f) => f.byMood)) as MonthlyFigures['byMood'],
    byTrigger: mergeRows('trigger', list.map((f) => f.byTrigger)) as MonthlyFigures['byTrigger'],
    byIncomeCategory: mergeRows('categoryCode', list.map((f) => f.byIncomeCategory)),
    byPaymentMethod: mergeRows('paymentMethod', list.map((f) => f.byPaymentMethod)) as MonthlyFigures['byPaymentMethod'],
    byExpenseType: mergeRows('expenseType', list.map((f) => f.byExpenseType)) as MonthlyFigures['byExpenseType'],
  };
}

export function toYearSummary(year: number, months: readonly { month: string; figures: MonthlyFigures | undefined; version: number }[], base: string) {
  const merged = mergeFigures(months.map((m) => m.figures ?? EMPTY_FIGURES));
  return {
    year,
    ...totals(merged, base),
    months: months.map((m) => toMonthlySummary(m.month, m.figures, base, m.version)),
  };
}
