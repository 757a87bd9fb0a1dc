import { DateTimeScalar, recordResolvers } from '@expensio/kit';
import type { ExpenseContext } from '../context.ts';
import { EXPENSE_EXPORT } from '../domain/expenseCsv.ts';
import { enumResolvers } from './enums.ts';
import { Query } from './Query.ts';

// expense, expenses, expenseCategories, exportExpenses, importJob; createExpense(s), updateExpense,
// deleteExpense, the category mutations, importExpenses; User.expenses; Expense.
const records = recordResolvers({
  entity: 'Expense',
  plural: 'Expenses',
  records: (ctx: ExpenseContext) => ctx.expenses,
  categories: (ctx) => ctx.categories,
  importer: (ctx) => ctx.importer,
  exportShape: EXPENSE_EXPORT,
});

export const resolvers = { DateTime: DateTimeScalar, ...enumResolvers, ...records, Query: { ...records.Query, ...Query } };
