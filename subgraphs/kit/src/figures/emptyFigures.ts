import type { MonthlyFigures } from '@expensio/events';

/** A month without any expense or income. */
export const EMPTY_FIGURES: MonthlyFigures = Object.freeze({
  expenses: { amounts: {}, count: 0 },
  incomes: { amounts: {}, count: 0 },
  byCategory: [],
  byMood: [],
  byTrigger: [],
  byIncomeCategory: [],
  byPaymentMethod: [],
  byExpenseType: [],
  recurring: { amounts: {}, count: 0 },
}) as MonthlyFigures;
