import { DateTimeScalar, recordResolvers } from '@expensio/kit';
import type { IncomeContext } from '../context.ts';
import { INCOME_EXPORT } from '../domain/incomeCsv.ts';
import { enumResolvers } from './enums.ts';
import { Query } from './Query.ts';

// income, incomes, incomeCategories, exportIncomes, incomeImportJob; createIncome(s), updateIncome,
// deleteIncome, the category mutations, importIncomes; User.incomes; Income.
const records = recordResolvers({
  entity: 'Income',
  plural: 'Incomes',
  records: (ctx: IncomeContext) => ctx.incomes,
  categories: (ctx) => ctx.categories,
  importer: (ctx) => ctx.importer,
  exportShape: INCOME_EXPORT,
  // Expense's `importJob` is taken in the supergraph; income's jobs live in income's database.
  importJobQuery: 'incomeImportJob',
});

export const resolvers = { DateTime: DateTimeScalar, ...enumResolvers, ...records, Query: { ...records.Query, ...Query } };
