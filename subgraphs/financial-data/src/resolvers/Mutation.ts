import { requireUser } from '@expensio/kit';
import type { FinancialDataContext } from '../context.ts';

export const Mutation = {
  setBudget: (
    _: unknown,
    { input }: { input: { categoryCode?: string | null; amount: { amount: string; currency?: string | null } } },
    ctx: FinancialDataContext,
  ) => ctx.financial.setBudget(requireUser(ctx.user).userId, input),
  removeBudget: (_: unknown, { categoryCode }: { categoryCode?: string | null }, ctx: FinancialDataContext) =>
    ctx.financial.removeBudget(requireUser(ctx.user).userId, categoryCode),
};
