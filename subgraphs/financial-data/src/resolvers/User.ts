import { forbidden, requireUser } from '@expensio/kit';
import type { FinancialDataContext } from '../context.ts';
import type { FinancialDataParent } from './FinancialData.ts';

export const User = {
  /** `User.financialData` through federation: a user sees only their own. */
  financialData: (user: { id: string }, _: unknown, ctx: FinancialDataContext): FinancialDataParent => {
    const caller = requireUser(ctx.user);
    if (caller.userId !== user.id) throw forbidden('You can only see your own financial data');
    return { userId: caller.userId };
  },
};
