// The read side and budgets, scoped to one user: every method takes the caller's id.
// Month views, insights and calendar helpers are the kit's (the dashboard serves the same views).
import {
  addMonths,
  badInput,
  computeInsights,
  monthOf,
  monthsBetween,
  parseMonth,
  parseMoneyInput,
  toMoney,
  toMonthlySummary,
  toYearSummary,
  type UserDirectory,
} from '@expensio/kit';
import type { SummaryWriter } from '../llm/summaryWriter.ts';
import type { MonthStore } from '../model/monthStore.ts';
import type { BudgetStore } from '../model/budgetStore.ts';
import { budgetStatus, type Budget } from './budgets.ts';
import { NO_INSIGHTS_SUMMARY, summaryPrompt } from './summaryPrompt.ts';

/** Longest range `summaries` serves. */
export const MAX_SUMMARY_MONTHS = 120;

export interface FinancialServiceDeps {
  months: MonthStore;
  budgets: BudgetStore;
  directory: UserDirectory;
  now: () => Date;
  /** Used until the user's profile has arrived from the user topic. */
  fallbackProfile?: { baseCurrency: string; timeZone: string };
  /** Writes `insightSummary`; without one (OpenAI not configured) it answers null. */
  summaries?: SummaryWriter | null;
}

export function createFinancialService(deps: FinancialServiceDeps) {
  const { months, budgets, directory, now, summaries: writer = null } = deps;
  const fallback = deps.fallbackProfile ?? { baseCurrency: 'USD', timeZone: 'UTC' };

  async function profile(userId: string) {
    try {
      return await directory.get(userId, { waitMs: 0 });
    } catch {
      return { userId, ...fallback };
    }
  }

  async function summaries(userId: string, from: string, to: string) {
    parseMonth(from, 'from');
    parseMonth(to, 'to');
    const list = monthsBetween(from, to);
    if (list.length > MAX_SUMMARY_MONTHS) throw badInput(`At most ${MAX_SUMMARY_MONTHS} months at once`, 'to');
    const [{ baseCurrency }, docs] = await Promise.all([profile(userId), months.many(userId, list)]);
    return list.map((m) => toMonthlySummary(m, docs.get(m)?.figures, baseCurrency, docs.get(m)?.rev ?? 0));
  }

  /** A month's insights (default: the current month in the user's zone) and its figures. */
  async function monthInsights(userId: string, month: string | null | undefined) {
    const { baseCurrency, timeZone } = await profile(userId);
    const m = month ? parseMonth(month) : monthOf(now(), timeZone);
    const previous = [1, 2, 3].map((i) => addMonths(m, -i));
    const docs = await months.many(userId, [m, ...previous]);
    const figures = docs.get(m)?.figures;
    const insights = computeInsights({ month: m, figures, previous: previous.map((p) => docs.get(p)?.figures), baseCurrency, timeZone, now: now() });
    return { month: m, insights, figures, baseCurrency };
  }

  const presentBudget = (b: Budget) => ({ id: b.budgetId, categoryCode: b.categoryCode, amount: toMoney(b.amount), updatedAt: b.updatedAt });

  return {
    summaries,
    async monthlySummary(userId: string, month: string) {
      return (await summaries(userId, month, month))[0]!;
    },
    async yearSummary(userId: string, year: number) {
      if (!Number.isInteger(year) || year < 1900 || year > 9999) throw badInput('year must be between 1900 and 9999', 'year');
      const list = monthsBetween(`${year}-01`, `${year}-12`);
      const [{ baseCurrency }, docs] = await Promise.all([profile(userId), months.many(userId, list)]);
      return toYearSummary(year, list.map((m) => ({ month: m, figures: docs.get(m)?.figures, version: docs.get(m)?.rev ?? 0 })), baseCurrency);
    },
    async insights(userId: string, month: string | null | undefined) {
      return (await monthInsights(userId, month)).insights;
    },
    async insightSummary(userId: string, month: string | null | undefined) {
      if (month) parseMonth(month);
      if (!writer) return null;
      const { month: m, insights, figures, baseCurrency } = await monthInsights(userId, month);
      if (insights.length === 0) return { month: m, text: NO_INSIGHTS_SUMMARY, model: 'none', generatedAt: now(), basedOn: insights };
      const s = toMonthlySummary(m, figures, baseCurrency);
      const totals = { spent: s.totalSpent.amount, earned: s.totalEarned.amount, net: s.net.amount, expenseCount: s.expenseCount, incomeCount: s.incomeCount };
      const written = await writer.write(userId, m, summaryPrompt({ month: m, currency: baseCurrency, totals, insights }));
      return { month: m, ...written, basedOn: insights };
    },
    async budgets(userId: string) {
      return (await budgets.list(userId)).map(presentBudget);
    },
    async setBudget(userId: string, input: { categoryCode?: string | null; amount: { amount: string; currency?: string | null } }) {
      const { baseCurrency, timeZone } = await profile(userId);
      const categoryCode = input.categoryCode?.trim() || null;
      if (categoryCode !== null && categoryCode.length > 64) throw badInput('categoryCode is too long', 'input.categoryCode');
      const amount = parseMoneyInput(input.amount, { defaultCurrency: baseCurrency, field: 'input.amount' });
      const at = now();
      const month = monthOf(at, timeZone);
      const budget = await budgets.set(userId, categoryCode, amount, month, at);
      // A budget set below what the month already spent is crossed at once.
      await months.recheckBudgets(userId, month, [budget]);
      return presentBudget(budget);
    },
    removeBudget: (userId: string, categoryCode: string | null | undefined) => budgets.remove(userId, categoryCode?.trim() || null),
    async budgetStatus(userId: string, month: string | null | undefined) {
      const { timeZone } = await profile(userId);
      const m = month ? parseMonth(month) : monthOf(now(), timeZone);
      const [list, doc] = await Promise.all([budgets.list(userId), months.get(userId, m)]);
      return list.map((b) => {
        const s = budgetStatus(b, m, doc?.figures, now(), timeZone);
        const money = (minor: number) => toMoney({ minor, currency: b.amount.currency });
        return {
          budget: presentBudget(b),
          month: m,
          spent: money(s.spent),
          remaining: money(s.remaining),
          projected: money(s.projected),
          exceeded: s.exceeded,
          projectedToExceed: s.projectedToExceed,
          usedShare: s.usedShare,
        };
      });
    },
  };
}
export type FinancialService = ReturnType<typeof createFinancialService>;
