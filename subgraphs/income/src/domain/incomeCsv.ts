// CSV import and CSV/JSON export of incomes: which columns there are and how a row reads.
import { INCOME_TYPES, minorUnitsToDecimal } from '@expensio/events';
import { createCsvImporter, toMoney, type CategoryStore, type ExportShape, type UserDirectory } from '@expensio/kit';
import type { Db } from 'mongodb';
import type { IncomeDoc } from '../model/incomeModel.ts';
import type { NewIncomeInput } from './incomeRules.ts';
import type { IncomeService } from './incomeService.ts';

/** The fields a column can hold, with the headers recognised without a mapping (lowercased, letters and digits only). */
const HEADERS = {
  title: ['title', 'name', 'item', 'income', 'source', 'payer', 'from'],
  amount: ['amount', 'value', 'total', 'sum', 'gross', 'net'],
  currency: ['currency', 'ccy', 'currencycode'],
  categoryCode: ['categorycode', 'category'],
  receivedAt: ['receivedat', 'date', 'datetime', 'when', 'time', 'paidon', 'received'],
  incomeType: ['incometype', 'type'],
  description: ['description', 'details'],
  notes: ['notes', 'note', 'memo'],
  tags: ['tags', 'tag', 'labels'],
  isRecurring: ['isrecurring', 'recurring'],
};

export function createIncomeImporter({ db, incomes, categories, directory, syncRows }: { db: Db; incomes: IncomeService; categories: CategoryStore; directory: UserDirectory; syncRows?: number }) {
  return createCsvImporter<keyof typeof HEADERS, NewIncomeInput>({
    db,
    directory,
    categories,
    ...(syncRows ? { syncRows } : {}),
    headers: HEADERS,
    required: ['title', 'amount'],
    rules: (userId) => incomes.rules(userId),
    sink: incomes,
    toInput: (row) => ({
      title: row.text('title') ?? '',
      amount: { amount: row.amount('amount'), currency: row.optional('currency')?.toUpperCase() ?? null },
      categoryCode: row.category('categoryCode', 'miscellaneousIncome'),
      receivedAt: row.date('receivedAt'),
      incomeType: row.code('incomeType', INCOME_TYPES),
      description: row.optional('description'),
      notes: row.list('notes'),
      tags: row.list('tags', { commas: true }),
      isRecurring: row.bool('isRecurring'),
    }),
  });
}
export type IncomeImporter = ReturnType<typeof createIncomeImporter>;

export const INCOME_EXPORT: ExportShape<IncomeDoc> = {
  csv: [
    ['id', (i) => i._id.toHexString()],
    ['receivedAt', (i) => i.receivedAt.toISOString()],
    ['title', (i) => i.title],
    ['amount', (i) => minorUnitsToDecimal(i.amount.minor, i.amount.currency)],
    ['currency', (i) => i.amount.currency],
    ['categoryCode', (i) => i.categoryCode],
    ['incomeType', (i) => i.incomeType],
    ['tags', (i) => i.tags.join('|')],
    ['notes', (i) => i.notes.join('|')],
    ['description', (i) => i.description ?? ''],
    ['isRecurring', (i) => String(i.isRecurring)],
    ['version', (i) => String(i.version)],
    ['createdAt', (i) => i.createdAt.toISOString()],
  ],
  json: (i) => ({
    id: i._id.toHexString(),
    title: i.title,
    amount: toMoney(i.amount),
    categoryCode: i.categoryCode,
    receivedAt: i.receivedAt.toISOString(),
    incomeType: i.incomeType,
    description: i.description,
    notes: i.notes,
    tags: i.tags,
    isRecurring: i.isRecurring,
    version: i.version,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  }),
};
