import { notFound, requireUser } from '@expensio/kit';
import type { NewUserProfileInput, UpdateProfileInput } from '../profile/profileRules.ts';
import { parseProfileUpdate } from '../profile/profileRules.ts';
import { findUserById, updateUser } from '../profile/users.ts';
import type { UserContext, UserServices } from './context.ts';

export function mutationResolvers({ db, signIn, deletion, now, nudgeOutbox }: UserServices) {
  return {
    requestOtp: (_: unknown, args: { email: string }) => signIn.requestOtp(args.email),

    verifyOtp: (
      _: unknown,
      args: { email: string; code: string; profile?: NewUserProfileInput | null },
    ) => signIn.verifyOtp(args.email, args.code, args.profile),

    refreshSession: (_: unknown, args: { refreshToken: string }) =>
      signIn.refreshSession(args.refreshToken),

    logout: (_: unknown, args: { refreshToken: string; everywhere?: boolean | null }) =>
      signIn.logout(args.refreshToken, args.everywhere === true),

    updateProfile: async (
      _: unknown,
      args: { input: UpdateProfileInput },
      context: UserContext,
    ) => {
      const { userId } = requireUser(context.user);
      const changes = parseProfileUpdate(args.input);
      if (Object.keys(changes).length === 0) {
        return (await findUserById(db, userId)) ?? Promise.reject(notFound('User', userId));
      }
      const user = await updateUser(db, userId, changes, now());
      nudgeOutbox();
      return user;
    },

    deleteAccount: async (_: unknown, __: unknown, context: UserContext) => {
      const { userId } = requireUser(context.user);
      if ((await findUserById(db, userId)) === undefined) throw notFound('User', userId);
      return deletion.request(userId);
    },
  };
}
