import { requireUser } from '@expensio/kit';
import { findUserById } from '../profile/users.ts';
import type { UserContext, UserServices } from './context.ts';

export function queryResolvers({ db, deletion }: UserServices) {
  return {
    me: async (_: unknown, __: unknown, context: UserContext) => {
      if (context.user === undefined) return null;
      return (await findUserById(db, context.user.userId)) ?? null;
    },
    accountDeletionStatus: (_: unknown, __: unknown, context: UserContext) =>
      deletion.status(requireUser(context.user).userId),
  };
}
