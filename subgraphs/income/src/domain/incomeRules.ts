// What an income may hold: a rule per field (see the kit's recordRules for the shared ones).
import { INCOME_TYPES, type IncomeType } from '@expensio/events';
import { fieldRules, RECORD_LIMITS, type FieldRules, type MoneyValue, type NewRecordInput } from '@expensio/kit';

export interface IncomeFields {
  title: string;
  amount: MoneyValue;
  categoryCode: string;
  receivedAt: Date;
  incomeType: IncomeType;
  description: string | null;
  notes: string[];
  tags: string[];
  isRecurring: boolean;
}

/** In this order: the first invalid field is the one reported. Defaults: now, base currency, UNKNOWN income type. */
export const INCOME_RULES: FieldRules<IncomeFields> = {
  title: fieldRules.title,
  amount: fieldRules.amount,
  categoryCode: fieldRules.categoryCode,
  receivedAt: fieldRules.date,
  incomeType: fieldRules.code(INCOME_TYPES, 'income type', 'unknown'),
  description: fieldRules.optionalText(RECORD_LIMITS.descriptionLength),
  notes: fieldRules.notes,
  tags: fieldRules.tags,
  isRecurring: fieldRules.flag,
};

/** An update cannot clear these with null. */
export const REQUIRED_INCOME_FIELDS = ['title', 'amount', 'categoryCode', 'receivedAt', 'incomeType', 'isRecurring'] as const;

/** What a create or update may carry (GraphQL input, with enum values already mapped to codes). */
export interface IncomeInput {
  title?: string | null;
  amount?: { amount: string; currency?: string | null } | null;
  categoryCode?: string | null;
  receivedAt?: Date | string | null;
  incomeType?: string | null;
  description?: string | null;
  notes?: readonly string[] | null;
  tags?: readonly string[] | null;
  isRecurring?: boolean | null;
}

export interface NewIncomeInput extends IncomeInput, NewRecordInput {}
