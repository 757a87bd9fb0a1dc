// Expenses: the kit's money record store (outbox, idempotency, versions, filter, pagination)
// declared by the expense domain: its rules, its snapshot in events, its date and filters.
import { EXPENSE_CHANGEABLE_FIELDS, type ExpenseSnapshot } from '@expensio/events';
import { createMoneyRecordStore, type MoneyRecordDeps, type RecordFilterInput, type RecordOrder } from '@expensio/kit';
import type { ExpenseDoc } from '../model/expenseModel.ts';
import { EXPENSE_RULES, REQUIRED_EXPENSE_FIELDS, type ExpenseInput, type NewExpenseInput } from './expenseRules.ts';

export interface ExpenseFilterInput extends RecordFilterInput {
  moods?: readonly string[] | null;
  cognitiveTriggers?: readonly string[] | null;
  paymentMethods?: readonly string[] | null;
  expenseTypes?: readonly string[] | null;
}
export type ExpenseOrder = RecordOrder<'OCCURRED_AT'>;

/** The expense as events carry it: what consumers need, without the private description and notes. */
export function snapshotOf(doc: ExpenseDoc): ExpenseSnapshot {
  return {
    expenseId: doc._id.toHexString(),
    userId: doc.userId,
    title: doc.title,
    amount: { minor: doc.amount.minor, currency: doc.amount.currency },
    categoryCode: doc.categoryCode,
    mood: doc.mood as ExpenseSnapshot['mood'],
    cognitiveTriggers: [...doc.cognitiveTriggers] as ExpenseSnapshot['cognitiveTriggers'],
    expenseType: doc.expenseType as ExpenseSnapshot['expenseType'],
    paymentMethod: doc.paymentMethod as ExpenseSnapshot['paymentMethod'],
    merchant: doc.merchant,
    tags: [...doc.tags],
    isRecurring: doc.isRecurring,
    occurredAt: doc.occurredAt.toISOString(),
    timeZone: doc.timeZone,
    version: doc.version,
  };
}

export const createExpenseService = (deps: MoneyRecordDeps<ExpenseDoc>) =>
  createMoneyRecordStore<ExpenseDoc, NewExpenseInput, ExpenseInput, ExpenseFilterInput, 'OCCURRED_AT', ExpenseSnapshot>(deps, {
    entity: 'Expense',
    service: 'expense',
    rules: EXPENSE_RULES,
    required: REQUIRED_EXPENSE_FIELDS,
    // Description and notes stay in this subgraph (no consumer needs them): no event for them alone.
    events: {
      types: { created: 'EXPENSE_CREATED', updated: 'EXPENSE_UPDATED', deleted: 'EXPENSE_DELETED' },
      idField: 'expenseId',
      snapshot: snapshotOf,
      changeableFields: EXPENSE_CHANGEABLE_FIELDS,
    },
    date: { field: 'occurredAt', order: 'OCCURRED_AT' },
    searchFields: ['title', 'notes', 'merchant'],
    anyOf: { moods: 'mood', cognitiveTriggers: 'cognitiveTriggers', paymentMethods: 'paymentMethod', expenseTypes: 'expenseType' },
  });
export type ExpenseService = ReturnType<typeof createExpenseService>;
