import { addMonths, computeInsights, monthOf, toMoney, toMonthlySummary, type UserProfile } from '@expensio/kit';
import { shownEntries, type DashboardState } from './dashboardState.ts';

const TREND_MONTHS = 6;

/** The Dashboard GraphQL object for a state, in the user's base currency and current month. */
export function dashboardView(userId: string, state: DashboardState, profile: UserProfile, now: Date) {
  const base = profile.baseCurrency;
  const month = monthOf(now, profile.timeZone);
  const figuresOf = (m: string) => state.months[m]?.figures;
  const current = toMonthlySummary(month, figuresOf(month), base, state.months[month]?.version ?? 0);
  return {
    // firstName, title and amount are this read model's copies (`@provides` in schema.graphql).
    user: { __typename: 'User', id: userId, firstName: profile.firstName },
    month,
    baseCurrency: base,
    totalSpent: current.totalSpent,
    otherCurrencies: current.otherCurrencies,
    totalEarned: current.totalEarned,
    net: current.net,
    expenseCount: current.expenseCount,
    incomeCount: current.incomeCount,
    byCategory: current.byCategory,
    byMood: current.byMood,
    byTrigger: current.byTrigger,
    latestExpenses: shownEntries(state.latestExpenses).map((e) => ({ __typename: 'Expense', id: e.id, title: e.title, amount: toMoney(e.amount) })),
    latestIncomes: shownEntries(state.latestIncomes).map((e) => ({ __typename: 'Income', id: e.id, title: e.title, amount: toMoney(e.amount) })),
    // The two costly parts are functions, which GraphQL's default resolver calls only when the
    // query selects them: a push of `expenseCount` (every change, to every subscriber) skips them.
    trend: () =>
      Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(month, i - (TREND_MONTHS - 1))).map((m) =>
        toMonthlySummary(m, figuresOf(m), base, state.months[m]?.version ?? 0),
      ),
    insights: () =>
      computeInsights({
        month,
        figures: figuresOf(month),
        previous: [1, 2, 3].map((i) => figuresOf(addMonths(month, -i))),
        baseCurrency: base,
        timeZone: profile.timeZone,
        now,
      }),
    budgetAlerts: state.budgetAlerts
      .filter((a) => a.month === month)
      .map((a) => ({ ...a, budget: toMoney(a.budget), spent: toMoney(a.spent), exceededAt: new Date(a.exceededAt) })),
    updatedAt: new Date(state.updatedAt),
    revision: state.revision,
  };
}
