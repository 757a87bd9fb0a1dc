import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { DateTimeScalar, enumOf, requireUser } from '@expensio/kit';
import type { DashboardContext } from '../context.ts';
import { dashboardView } from '../domain/dashboardView.ts';

async function currentDashboard(ctx: DashboardContext) {
  const { userId } = requireUser(ctx.user);
  const [state, profile] = await Promise.all([ctx.projection.state(userId), ctx.directory.get(userId)]);
  return dashboardView(userId, state, profile, (ctx.now ?? (() => new Date()))());
}

export const resolvers = {
  DateTime: DateTimeScalar,
  Mood: enumOf(MOODS),
  ExpenseType: enumOf(EXPENSE_TYPES),
  PaymentMethod: enumOf(PAYMENT_METHODS),
  CognitiveTrigger: enumOf(COGNITIVE_TRIGGERS),
  Query: {
    dashboard: (_: unknown, __: unknown, ctx: DashboardContext) => currentDashboard(ctx),
  },
  Subscription: {
    dashboardUpdated: {
      // Each signal means "changed": the payload is the dashboard as it is now (coalesced).
      subscribe: (_: unknown, __: unknown, ctx: DashboardContext) => ctx.notifier.subscribe(requireUser(ctx.user).userId),
      resolve: (_signal: unknown, __: unknown, ctx: DashboardContext) => currentDashboard(ctx),
    },
  },
};
