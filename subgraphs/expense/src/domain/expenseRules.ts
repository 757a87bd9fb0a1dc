// What an expense may hold: a rule per field (see the kit's recordRules for the shared ones).
import {
  COGNITIVE_TRIGGERS,
  EXPENSE_TYPES,
  MOODS,
  PAYMENT_METHODS,
  type CognitiveTrigger,
  type ExpenseType,
  type Mood,
  type PaymentMethod,
} from '@expensio/events';
import { fieldRules, RECORD_LIMITS, type FieldRules, type MoneyValue, type NewRecordInput } from '@expensio/kit';

export const LIMITS = { ...RECORD_LIMITS, merchantLength: 200 } as const;

export interface ExpenseFields {
  title: string;
  amount: MoneyValue;
  categoryCode: string;
  occurredAt: Date;
  mood: Mood | null;
  cognitiveTriggers: CognitiveTrigger[];
  expenseType: ExpenseType | null;
  paymentMethod: PaymentMethod;
  description: string | null;
  notes: string[];
  tags: string[];
  merchant: string | null;
  isRecurring: boolean;
}

/** In this order: the first invalid field is the one reported. Defaults: now, base currency, UNKNOWN payment method. */
export const EXPENSE_RULES: FieldRules<ExpenseFields> = {
  title: fieldRules.title,
  amount: fieldRules.amount,
  categoryCode: fieldRules.categoryCode,
  occurredAt: fieldRules.date,
  mood: fieldRules.code(MOODS, 'mood', null),
  cognitiveTriggers: fieldRules.codes(COGNITIVE_TRIGGERS, 'cognitive trigger'),
  expenseType: fieldRules.code(EXPENSE_TYPES, 'expense type', null),
  paymentMethod: fieldRules.code(PAYMENT_METHODS, 'payment method', 'unknown'),
  description: fieldRules.optionalText(LIMITS.descriptionLength),
  notes: fieldRules.notes,
  tags: fieldRules.tags,
  merchant: fieldRules.optionalText(LIMITS.merchantLength),
  isRecurring: fieldRules.flag,
};

/** An update cannot clear these with null. */
export const REQUIRED_EXPENSE_FIELDS = ['title', 'amount', 'categoryCode', 'occurredAt', 'paymentMethod', 'isRecurring'] as const;

/** What a create or update may carry (GraphQL input, with enum values already mapped to codes). */
export interface ExpenseInput {
  title?: string | null;
  amount?: { amount: string; currency?: string | null } | null;
  categoryCode?: string | null;
  occurredAt?: Date | string | null;
  mood?: string | null;
  cognitiveTriggers?: readonly string[] | null;
  expenseType?: string | null;
  paymentMethod?: string | null;
  description?: string | null;
  notes?: readonly string[] | null;
  tags?: readonly string[] | null;
  merchant?: string | null;
  isRecurring?: boolean | null;
}

export interface NewExpenseInput extends ExpenseInput, NewRecordInput {}
