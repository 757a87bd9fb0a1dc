import type { FinancialDataContext } from '../context.ts';

/** The caller's data, reached as Query fields or as User.financialData; `userId` was checked by the parent. */
export interface FinancialDataParent {
  readonly userId: string;
}

type Ctx = FinancialDataContext;

export const FinancialData = {
  monthlySummary: (p: FinancialDataParent, { month }: { month: string }, ctx: Ctx) => ctx.financial.monthlySummary(p.userId, month),
  summaries: (p: FinancialDataParent, { from, to }: { from: string; to: string }, ctx: Ctx) => ctx.financial.summaries(p.userId, from, to),
  yearSummary: (p: FinancialDataParent, { year }: { year: number }, ctx: Ctx) => ctx.financial.yearSummary(p.userId, year),
  insights: (p: FinancialDataParent, { month }: { month?: string | null }, ctx: Ctx) => ctx.financial.insights(p.userId, month),
  insightSummary: (p: FinancialDataParent, { month }: { month?: string | null }, ctx: Ctx) => ctx.financial.insightSummary(p.userId, month),
  budgets: (p: FinancialDataParent, _: unknown, ctx: Ctx) => ctx.financial.budgets(p.userId),
  budgetStatus: (p: FinancialDataParent, { month }: { month?: string | null }, ctx: Ctx) => ctx.financial.budgetStatus(p.userId, month),
};
