import { requireUser } from '@expensio/kit';
import type { ExpenseContext } from '../context.ts';
import type { NewExpenseInput } from '../domain/expenseService.ts';
import type { ExpenseInput } from '../domain/expenseRules.ts';

export const Mutation = {
  createExpense: (_: unknown, { input }: { input: NewExpenseInput }, ctx: ExpenseContext) =>
    ctx.expenses.create(requireUser(ctx.user).userId, input),
  createExpenses: (_: unknown, { inputs }: { inputs: NewExpenseInput[] }, ctx: ExpenseContext) =>
    ctx.expenses.createMany(requireUser(ctx.user).userId, inputs),
  updateExpense: (_: unknown, args: { id: string; input: ExpenseInput; expectedVersion?: number | null }, ctx: ExpenseContext) =>
    ctx.expenses.update(requireUser(ctx.user).userId, args.id, args.input, args.expectedVersion),
  deleteExpense: (_: unknown, { id }: { id: string }, ctx: ExpenseContext) => ctx.expenses.remove(requireUser(ctx.user).userId, id),
  createExpenseCategory: (
    _: unknown,
    { input }: { input: { code?: string | null; name: string; description?: string | null; color?: string | null; icon?: string | null } },
    ctx: ExpenseContext,
  ) => ctx.categories.create(requireUser(ctx.user).userId, input),
  renameExpenseCategory: (_: unknown, { code, name }: { code: string; name: string }, ctx: ExpenseContext) =>
    ctx.categories.rename(requireUser(ctx.user).userId, code, name),
  archiveExpenseCategory: (_: unknown, { code }: { code: string }, ctx: ExpenseContext) =>
    ctx.categories.archive(requireUser(ctx.user).userId, code),
  importExpenses: (
    _: unknown,
    { csv, mapping }: { csv: string; mapping?: { field: string; column: string }[] | null },
    ctx: ExpenseContext,
  ) => ctx.importer.importCsv(requireUser(ctx.user).userId, csv, mapping ?? []),
};
