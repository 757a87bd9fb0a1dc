import { forbidden, requireUser } from '@expensio/kit';
import type { ExpenseContext } from '../context.ts';
import type { ExpenseFilterInput, ExpenseOrder } from '../domain/expenseQuery.ts';

interface ExpensesArgs {
  filter?: ExpenseFilterInput | null;
  first?: number | null;
  after?: string | null;
  orderBy?: ExpenseOrder | null;
}

export const User = {
  /** `User.expenses` through federation: a user sees only their own. */
  expenses: (user: { id: string }, args: ExpensesArgs, ctx: ExpenseContext) => {
    const caller = requireUser(ctx.user);
    if (caller.userId !== user.id) throw forbidden("You can only see your own expenses");
    return ctx.expenses.list(caller.userId, args);
  },
};
