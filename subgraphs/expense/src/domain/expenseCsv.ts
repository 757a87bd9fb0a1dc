// CSV import and CSV/JSON export of expenses: the expense's own columns and how a row reads them
// (the shared ones are the kit's: RECORD_HEADERS, recordRowInput, recordExportShape).
import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { createCsvImporter, RECORD_HEADERS, recordExportShape, recordRowInput, type CategoryStore, type UserDirectory } from '@expensio/kit';
import type { Db } from 'mongodb';
import type { ExpenseDoc } from '../model/expenseModel.ts';
import type { NewExpenseInput } from './expenseRules.ts';
import type { ExpenseService } from './expenseService.ts';

/** Headers recognised without a mapping (lowercased, letters and digits only). */
const HEADERS = {
  ...RECORD_HEADERS,
  title: [...RECORD_HEADERS.title, 'expense'],
  amount: [...RECORD_HEADERS.amount, 'cost', 'price'],
  occurredAt: ['occurredat', 'date', 'datetime', 'when', 'time', 'spenton'],
  mood: ['mood', 'feeling'],
  cognitiveTriggers: ['cognitivetriggers', 'triggers', 'trigger'],
  expenseType: ['expensetype', 'type'],
  paymentMethod: ['paymentmethod', 'payment', 'method', 'paidwith'],
  merchant: ['merchant', 'store', 'shop', 'vendor', 'payee'],
};

export function createExpenseImporter(deps: { db: Db; expenses: ExpenseService; categories: CategoryStore; directory: UserDirectory; syncRows?: number }) {
  const { expenses, syncRows, ...rest } = deps;
  return createCsvImporter<keyof typeof HEADERS, NewExpenseInput>({
    ...rest,
    ...(syncRows ? { syncRows } : {}),
    store: expenses,
    headers: HEADERS,
    toInput: (row) => ({
      ...recordRowInput(row, 'miscellaneous'),
      occurredAt: row.date('occurredAt'),
      mood: row.code('mood', MOODS),
      cognitiveTriggers: row.codes('cognitiveTriggers', COGNITIVE_TRIGGERS),
      expenseType: row.code('expenseType', EXPENSE_TYPES),
      paymentMethod: row.code('paymentMethod', PAYMENT_METHODS),
      merchant: row.optional('merchant'),
    }),
  });
}
export type ExpenseImporter = ReturnType<typeof createExpenseImporter>;

export const EXPENSE_EXPORT = recordExportShape<ExpenseDoc>(['occurredAt', (e) => e.occurredAt], {
  csv: [
    ['mood', (e) => e.mood ?? ''],
    ['cognitiveTriggers', (e) => e.cognitiveTriggers.join('|')],
    ['expenseType', (e) => e.expenseType ?? ''],
    ['paymentMethod', (e) => e.paymentMethod],
    ['merchant', (e) => e.merchant ?? ''],
  ],
  json: (e) => ({ mood: e.mood, cognitiveTriggers: e.cognitiveTriggers, expenseType: e.expenseType, paymentMethod: e.paymentMethod, merchant: e.merchant }),
});
