// CSV import and CSV/JSON export of incomes: the income's own columns and how a row reads them
// (the shared ones are the kit's: RECORD_HEADERS, recordRowInput, recordExportShape).
import { INCOME_TYPES } from '@expensio/events';
import { createCsvImporter, RECORD_HEADERS, recordExportShape, recordRowInput, type CategoryStore, type UserDirectory } from '@expensio/kit';
import type { Db } from 'mongodb';
import type { IncomeDoc } from '../model/incomeModel.ts';
import type { NewIncomeInput } from './incomeRules.ts';
import type { IncomeService } from './incomeService.ts';

/** Headers recognised without a mapping (lowercased, letters and digits only). */
const HEADERS = {
  ...RECORD_HEADERS,
  title: [...RECORD_HEADERS.title, 'income', 'source', 'payer', 'from'],
  amount: [...RECORD_HEADERS.amount, 'gross', 'net'],
  receivedAt: ['receivedat', 'date', 'datetime', 'when', 'time', 'paidon', 'received'],
  incomeType: ['incometype', 'type'],
};

export function createIncomeImporter(deps: { db: Db; incomes: IncomeService; categories: CategoryStore; directory: UserDirectory; syncRows?: number }) {
  const { incomes, syncRows, ...rest } = deps;
  return createCsvImporter<keyof typeof HEADERS, NewIncomeInput>({
    ...rest,
    ...(syncRows ? { syncRows } : {}),
    store: incomes,
    headers: HEADERS,
    toInput: (row) => ({
      ...recordRowInput(row, 'miscellaneousIncome'),
      receivedAt: row.date('receivedAt'),
      incomeType: row.code('incomeType', INCOME_TYPES),
    }),
  });
}
export type IncomeImporter = ReturnType<typeof createIncomeImporter>;

export const INCOME_EXPORT = recordExportShape<IncomeDoc>(['receivedAt', (i) => i.receivedAt], {
  csv: [['incomeType', (i) => i.incomeType]],
  json: (i) => ({ incomeType: i.incomeType }),
});
