import { requireUser } from '@expensio/kit';
import type { FinancialDataContext } from '../context.ts';
import { FinancialData } from './FinancialData.ts';

type Ctx = FinancialDataContext;
/** Each Query field is the caller's FinancialData field: scoped to the token's subject. */
const caller = (ctx: Ctx) => ({ userId: requireUser(ctx.user).userId });

export const Query = {
  monthlySummary: (_: unknown, args: { month: string }, ctx: Ctx) => FinancialData.monthlySummary(caller(ctx), args, ctx),
  summaries: (_: unknown, args: { from: string; to: string }, ctx: Ctx) => FinancialData.summaries(caller(ctx), args, ctx),
  yearSummary: (_: unknown, args: { year: number }, ctx: Ctx) => FinancialData.yearSummary(caller(ctx), args, ctx),
  insights: (_: unknown, args: { month?: string | null }, ctx: Ctx) => FinancialData.insights(caller(ctx), args, ctx),
  insightSummary: (_: unknown, args: { month?: string | null }, ctx: Ctx) => FinancialData.insightSummary(caller(ctx), args, ctx),
  budgets: (_: unknown, args: unknown, ctx: Ctx) => FinancialData.budgets(caller(ctx), args, ctx),
  budgetStatus: (_: unknown, args: { month?: string | null }, ctx: Ctx) => FinancialData.budgetStatus(caller(ctx), args, ctx),
};
