// Events of the financial-data aggregate (one user's month), on expensio.financial-data.v1. The
// dashboard consumes them to push Subscription.dashboardUpdated.
import { z } from 'zod';
import { defineEventType } from './defineEventType.ts';
import {
  amountsByCurrencySchema,
  categoryCodeSchema,
  countSchema,
  entityIdSchema,
  entityVersionSchema,
  monthSchema,
  timeZoneSchema,
} from './primitives.ts';
import { TOPICS } from './topics.ts';
import { COGNITIVE_TRIGGERS, MOODS } from './vocabulary.ts';

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

export const monthlyFiguresSchema = z.object({
  /** Spent this month, per currency, and the number of expenses. */
  expenses: totalSchema,
  /** Earned this month, per currency, and the number of incomes. */
  incomes: totalSchema,
  byCategory: keyedTotals('categoryCode', categoryCodeSchema),
  byMood: keyedTotals('mood', z.enum(MOODS)),
  byTrigger: keyedTotals('trigger', z.enum(COGNITIVE_TRIGGERS)),
  byIncomeCategory: keyedTotals('categoryCode', categoryCodeSchema),
});
export type MonthlyFigures = z.output<typeof monthlyFiguresSchema>;

export const financialDataUpdatedDataV1 = z.object({
  userId: entityIdSchema,
  month: monthSchema,
  /** The zone the month's bounds were computed in. */
  timeZone: timeZoneSchema,
  /** The month aggregate's version (+1 per applied change); readers keep the highest. */
  version: entityVersionSchema,
  /** The month's figures after the change. */
  figures: monthlyFiguresSchema,
  /** The event that caused this update. */
  changed: z.object({
    type: z.enum(FINANCIAL_DATA_SOURCE_EVENT_TYPES),
    id: z.uuid(),
  }),
});

export const financialDataUpdated = defineEventType({
  type: 'FINANCIALDATA_UPDATED',
  topic: TOPICS.financialData,
  version: 1,
  schema: financialDataUpdatedDataV1,
  description: "A user's monthly figures changed after an expense or income event.",
});
