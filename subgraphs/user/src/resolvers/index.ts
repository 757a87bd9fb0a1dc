import type { GraphQLResolverMap } from '@expensio/kit';
import type { UserContext, UserServices } from './context.ts';
import { DateTime } from './DateTime.ts';
import { mutationResolvers } from './Mutation.ts';
import { queryResolvers } from './Query.ts';
import { userResolvers } from './User.ts';

export type { UserContext, UserServices } from './context.ts';

export function createResolvers(services: UserServices): GraphQLResolverMap<UserContext> {
  return {
    DateTime,
    Query: queryResolvers(services),
    Mutation: mutationResolvers(services),
    User: userResolvers(services),
  } as GraphQLResolverMap<UserContext>;
}
