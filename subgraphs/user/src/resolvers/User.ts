import { findUserById } from '../profile/users.ts';
import type { UserContext, UserServices } from './context.ts';

export function userResolvers({ db }: UserServices) {
  return {
    /**
     * The entity other subgraphs point at (Dashboard.user, Expense.user). Reads are scoped to the
     * token's subject: anyone else's id resolves to null.
     */
    __resolveReference: async (reference: { id: string }, context: UserContext) => {
      if (context.user === undefined || context.user.userId !== reference.id) return null;
      return (await findUserById(db, reference.id)) ?? null;
    },
  };
}
