import { toMoney } from '@expensio/kit';
import type { ExpenseContext } from '../context.ts';
import type { ExpenseDoc } from '../model/expenseModel.ts';

export const Expense = {
  id: (e: ExpenseDoc) => e._id.toHexString(),
  amount: (e: ExpenseDoc) => toMoney(e.amount),
  user: (e: ExpenseDoc) => ({ __typename: 'User', id: e.userId }),
  /** Federation: another subgraph references an expense by id; only its owner gets it. */
  __resolveReference: async (ref: { id: string }, ctx: ExpenseContext) =>
    ctx.user ? ctx.expenses.get(ctx.user.userId, ref.id) : null,
};
