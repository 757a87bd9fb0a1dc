import { requireUser } from '@expensio/kit';
import type { ExpenseContext } from '../context.ts';
import { toCsv, toJsonExport } from '../domain/expenseCsv.ts';
import type { ExpenseFilterInput, ExpenseOrder } from '../domain/expenseQuery.ts';
import { MOOD_INFO, TRIGGER_INFO } from '../domain/vocabulary.ts';

export const Query = {
  expense: (_: unknown, { id }: { id: string }, ctx: ExpenseContext) => ctx.expenses.get(requireUser(ctx.user).userId, id),
  expenses: (
    _: unknown,
    args: { filter?: ExpenseFilterInput | null; first?: number | null; after?: string | null; orderBy?: ExpenseOrder | null },
    ctx: ExpenseContext,
  ) => ctx.expenses.list(requireUser(ctx.user).userId, args),
  expenseCategories: (_: unknown, { includeArchived }: { includeArchived?: boolean | null }, ctx: ExpenseContext) =>
    ctx.categories.list(requireUser(ctx.user).userId, includeArchived ?? false),
  cognitiveTriggers: () => TRIGGER_INFO,
  moods: () => MOOD_INFO,
  importJob: (_: unknown, { id }: { id: string }, ctx: ExpenseContext) => ctx.importer.job(requireUser(ctx.user).userId, id),
  exportExpenses: async (_: unknown, { format, filter }: { format: 'CSV' | 'JSON'; filter?: ExpenseFilterInput | null }, ctx: ExpenseContext) => {
    const userId = requireUser(ctx.user).userId;
    const rows = await ctx.expenses.all(userId, filter);
    const stamp = new Date().toISOString().slice(0, 10);
    return format === 'JSON'
      ? { format, filename: `expenses-${stamp}.json`, contentType: 'application/json', content: toJsonExport(rows), rowCount: rows.length }
      : { format, filename: `expenses-${stamp}.csv`, contentType: 'text/csv; charset=utf-8', content: toCsv(rows), rowCount: rows.length };
  },
};
