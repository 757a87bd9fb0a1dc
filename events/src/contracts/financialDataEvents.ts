// Events of the financial-data aggregate (one user's month), on expensio.financial-data.v1. The
// dashboard consumes them to push Subscription.dashboardUpdated.
import { z } from 'zod';
import { defineEventType, defineUpcaster } from './defineEventType.ts';
import {
  amountsByCurrencySchema,
  categoryCodeSchema,
  countSchema,
  entityIdSchema,
  entityVersionSchema,
  isoDateTimeSchema,
  moneySchema,
  monthSchema,
  nonNegativeMoneySchema,
  timeZoneSchema,
} from './primitives.ts';
import { TOPICS } from './topics.ts';
import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, MOODS, PAYMENT_METHODS } from './vocabulary.ts';

/** The events financial-data aggregates; FINANCIALDATA_UPDATED names the one that caused it. */
export const FINANCIAL_DATA_SOURCE_EVENT_TYPES = [
  'EXPENSE_CREATED',
  'EXPENSE_UPDATED',
  'EXPENSE_DELETED',
  'INCOME_CREATED',
  'INCOME_UPDATED',
  'INCOME_DELETED',
] as const;

/** Amounts are kept per currency because amounts in different currencies are never added; shares
 * and conversions to the base currency are the reader's business. */
const totalSchema = z.object({ amounts: amountsByCurrencySchema, count: countSchema });

/** Lists keyed by a code; a code may appear once. */
function keyedTotals<K extends string, C extends z.ZodType<string>>(key: K, code: C) {
  return z.array(totalSchema.extend({ [key]: code } as Record<K, C>)).superRefine((rows, ctx) => {
    const seen = new Set<string>();
    rows.forEach((row, index) => {
      const value = (row as Record<K, string>)[key];
      if (seen.has(value)) {
        ctx.addIssue({ code: 'custom', path: [index, key], message: `"${value}" appears twice` });
      }
      seen.add(value);
    });
  });
}

/** The figures of FINANCIALDATA_UPDATED v1. Never edit: events of this shape are in the log. */
export const monthlyFiguresV1Schema = z.object({
  /** Spent this month, per currency, and the number of expenses. */
  expenses: totalSchema,
  /** Earned this month, per currency, and the number of incomes. */
  incomes: totalSchema,
  byCategory: keyedTotals('categoryCode', categoryCodeSchema),
  byMood: keyedTotals('mood', z.enum(MOODS)),
  byTrigger: keyedTotals('trigger', z.enum(COGNITIVE_TRIGGERS)),
  byIncomeCategory: keyedTotals('categoryCode', categoryCodeSchema),
});

/** v2 figures (current): v1's plus payment methods, expense types and recurring spend. */
export const monthlyFiguresSchema = monthlyFiguresV1Schema.extend({
  byPaymentMethod: keyedTotals('paymentMethod', z.enum(PAYMENT_METHODS)),
  byExpenseType: keyedTotals('expenseType', z.enum(EXPENSE_TYPES)),
  /** Expenses marked recurring. */
  recurring: totalSchema,
});
export type MonthlyFigures = z.output<typeof monthlyFiguresSchema>;

/** One source event folded into the update, with the entity and version it brought. */
const sourceChangeSchema = z.object({
  type: z.enum(FINANCIAL_DATA_SOURCE_EVENT_TYPES),
  id: z.uuid(),
  /** The expense or income id; null when upcast from v1, which did not carry it. */
  entityId: entityIdSchema.nullable(),
  /** The entity version the event brought; null when upcast from v1. */
  entityVersion: entityVersionSchema.nullable(),
});

export const financialDataUpdatedDataV1 = z.object({
  userId: entityIdSchema,
  month: monthSchema,
  /** The zone the month's bounds were computed in. */
  timeZone: timeZoneSchema,
  /** The month aggregate's version (+1 per applied change); readers keep the highest. */
  version: entityVersionSchema,
  /** The month's figures after the change. */
  figures: monthlyFiguresV1Schema,
  /** The event that caused this update. */
  changed: z.object({
    type: z.enum(FINANCIAL_DATA_SOURCE_EVENT_TYPES),
    id: z.uuid(),
  }),
});

/**
 * v2 (current): richer figures, and every source event the update folds in (financial-data
 * batches many events for one user-month into one write, so one update can have several causes).
 */
export const financialDataUpdatedDataV2 = z.object({
  userId: entityIdSchema,
  month: monthSchema,
  timeZone: timeZoneSchema,
  /** The month aggregate's revision (+1 per write); readers keep the highest. */
  version: entityVersionSchema,
  figures: monthlyFiguresSchema,
  /** The source events applied by this update, in the order they were consumed. */
  changes: z.array(sourceChangeSchema).min(1),
});

export const financialDataUpdated = defineEventType({
  type: 'FINANCIALDATA_UPDATED',
  topic: TOPICS.financialData,
  version: 2,
  schema: financialDataUpdatedDataV2,
  legacy: [
    defineUpcaster({
      version: 1,
      schema: financialDataUpdatedDataV1,
      to: financialDataUpdatedDataV2,
      upcast: ({ changed, figures, ...v1 }) => ({
        ...v1,
        // v1 did not break these down: empty, not unknown amounts (readers re-query for detail).
        figures: { ...figures, byPaymentMethod: [], byExpenseType: [], recurring: { amounts: {}, count: 0 } },
        changes: [{ ...changed, entityId: null, entityVersion: null }],
      }),
    }),
  ],
  description: "A user's monthly figures changed after one or more expense or income events.",
});

// ---- BUDGET_EXCEEDED

export const budgetExceededDataV1 = z.object({
  userId: entityIdSchema,
  /** The budget as set (a new id each time it is set), so "once per budget and month" is exact. */
  budgetId: entityIdSchema,
  month: monthSchema,
  timeZone: timeZoneSchema,
  /** The category the budget is for; null for the overall monthly budget. */
  categoryCode: categoryCodeSchema.nullable(),
  budget: nonNegativeMoneySchema,
  /** What was spent in the budget's currency when it was crossed. */
  spent: moneySchema,
  exceededAt: isoDateTimeSchema,
});

export const budgetExceeded = defineEventType({
  type: 'BUDGET_EXCEEDED',
  topic: TOPICS.financialData,
  version: 1,
  schema: budgetExceededDataV1,
  description: "A monthly budget was crossed; sent once per budget and month.",
});
