// CSV import and CSV/JSON export of expenses: which columns there are and how a row reads.
import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, minorUnitsToDecimal, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { createCsvImporter, toMoney, type CategoryStore, type ExportShape, type UserDirectory } from '@expensio/kit';
import type { Db } from 'mongodb';
import type { ExpenseDoc } from '../model/expenseModel.ts';
import type { NewExpenseInput } from './expenseRules.ts';
import type { ExpenseService } from './expenseService.ts';

/** The fields a column can hold, with the headers recognised without a mapping (lowercased, letters and digits only). */
const HEADERS = {
  title: ['title', 'name', 'item', 'expense'],
  amount: ['amount', 'cost', 'price', 'value', 'total', 'sum'],
  currency: ['currency', 'ccy', 'currencycode'],
  categoryCode: ['categorycode', 'category'],
  occurredAt: ['occurredat', 'date', 'datetime', 'when', 'time', 'spenton'],
  mood: ['mood', 'feeling'],
  cognitiveTriggers: ['cognitivetriggers', 'triggers', 'trigger'],
  expenseType: ['expensetype', 'type'],
  paymentMethod: ['paymentmethod', 'payment', 'method', 'paidwith'],
  description: ['description', 'details'],
  notes: ['notes', 'note', 'memo'],
  tags: ['tags', 'tag', 'labels'],
  merchant: ['merchant', 'store', 'shop', 'vendor', 'payee'],
  isRecurring: ['isrecurring', 'recurring'],
};

export function createExpenseImporter({ db, expenses, categories, directory, syncRows }: { db: Db; expenses: ExpenseService; categories: CategoryStore; directory: UserDirectory; syncRows?: number }) {
  return createCsvImporter<keyof typeof HEADERS, NewExpenseInput>({
    db,
    directory,
    categories,
    ...(syncRows ? { syncRows } : {}),
    headers: HEADERS,
    required: ['title', 'amount'],
    rules: (userId) => expenses.rules(userId),
    sink: expenses,
    toInput: (row) => ({
      title: row.text('title') ?? '',
      amount: { amount: row.amount('amount'), currency: row.optional('currency')?.toUpperCase() ?? null },
      categoryCode: row.category('categoryCode', 'miscellaneous'),
      occurredAt: row.date('occurredAt'),
      mood: row.code('mood', MOODS),
      cognitiveTriggers: row.codes('cognitiveTriggers', COGNITIVE_TRIGGERS),
      expenseType: row.code('expenseType', EXPENSE_TYPES),
      paymentMethod: row.code('paymentMethod', PAYMENT_METHODS),
      description: row.optional('description'),
      notes: row.list('notes'),
      tags: row.list('tags', { commas: true }),
      merchant: row.optional('merchant'),
      isRecurring: row.bool('isRecurring'),
    }),
  });
}
export type ExpenseImporter = ReturnType<typeof createExpenseImporter>;

export const EXPENSE_EXPORT: ExportShape<ExpenseDoc> = {
  csv: [
    ['id', (e) => e._id.toHexString()],
    ['occurredAt', (e) => e.occurredAt.toISOString()],
    ['title', (e) => e.title],
    ['amount', (e) => minorUnitsToDecimal(e.amount.minor, e.amount.currency)],
    ['currency', (e) => e.amount.currency],
    ['categoryCode', (e) => e.categoryCode],
    ['mood', (e) => e.mood ?? ''],
    ['cognitiveTriggers', (e) => e.cognitiveTriggers.join('|')],
    ['expenseType', (e) => e.expenseType ?? ''],
    ['paymentMethod', (e) => e.paymentMethod],
    ['merchant', (e) => e.merchant ?? ''],
    ['tags', (e) => e.tags.join('|')],
    ['notes', (e) => e.notes.join('|')],
    ['description', (e) => e.description ?? ''],
    ['isRecurring', (e) => String(e.isRecurring)],
    ['version', (e) => String(e.version)],
    ['createdAt', (e) => e.createdAt.toISOString()],
  ],
  json: (e) => ({
    id: e._id.toHexString(),
    title: e.title,
    amount: toMoney(e.amount),
    categoryCode: e.categoryCode,
    occurredAt: e.occurredAt.toISOString(),
    mood: e.mood,
    cognitiveTriggers: e.cognitiveTriggers,
    expenseType: e.expenseType,
    paymentMethod: e.paymentMethod,
    description: e.description,
    notes: e.notes,
    tags: e.tags,
    merchant: e.merchant,
    isRecurring: e.isRecurring,
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  }),
};
