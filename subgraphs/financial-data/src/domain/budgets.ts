// Budgets as pure logic: what counts against a budget, its status in a month, and which budgets a
// month's new figures have just crossed.
import type { MonthlyFigures } from '@expensio/events';
import { projectToMonthEnd } from '@expensio/kit';
import { EMPTY_FIGURES, encodeKey } from './monthAggregate.ts';

export interface Budget {
  /** New on every setBudget, so "once per budget and month" restarts when a budget is changed. */
  readonly budgetId: string;
  readonly userId: string;
  /** null: the overall monthly budget. */
  readonly categoryCode: string | null;
  readonly amount: { readonly minor: number; readonly currency: string };
  /** The month (user's zone) it was set in: crossing alerts start there, not in past months. */
  readonly fromMonth: string;
  readonly updatedAt: Date;
}

/** The key of a budget's scope, safe as a document key: 'all' or 'c' + category. */
export const budgetScope = (categoryCode: string | null) => (categoryCode === null ? 'all' : `c${encodeKey(categoryCode)}`);

/** What the month spent against the budget, in the budget's currency (other currencies do not count). */
export function spentAgainst(budget: Budget, figures: MonthlyFigures | undefined): number {
  const f = figures ?? EMPTY_FIGURES;
  const amounts =
    budget.categoryCode === null ? f.expenses.amounts : (f.byCategory.find((r) => r.categoryCode === budget.categoryCode)?.amounts ?? {});
  return amounts[budget.amount.currency] ?? 0;
}

export function budgetStatus(budget: Budget, month: string, figures: MonthlyFigures | undefined, now: Date, timeZone: string) {
  const spent = spentAgainst(budget, figures);
  const projected = projectToMonthEnd(spent, month, now, timeZone);
  const limit = budget.amount.minor;
  return {
    spent,
    remaining: limit - spent,
    projected,
    exceeded: spent > limit,
    projectedToExceed: projected > limit,
    // Budgets are positive (setBudget refuses zero), so this is finite.
    usedShare: spent / limit,
  };
}

/**
 * The budgets the figures exceed that have not been reported for this month yet (`reported` maps
 * a scope to the budgetId already reported), from the month each was set in.
 */
export function newlyExceeded(
  budgets: readonly Budget[],
  month: string,
  figures: MonthlyFigures,
  reported: Readonly<Record<string, string>>,
): { budget: Budget; spent: number }[] {
  return budgets
    .filter((b) => month >= b.fromMonth && reported[budgetScope(b.categoryCode)] !== b.budgetId)
    .map((budget) => ({ budget, spent: spentAgainst(budget, figures) }))
    .filter(({ budget, spent }) => spent > budget.amount.minor);
}
