import { buildSubgraphSchema } from '@apollo/subgraph';
import { rateLimited } from '@expensio/kit';
import type { GraphQLResolverMap } from '@expensio/kit';
import type { DocumentNode, GraphQLFieldConfig } from 'graphql';
import { isObjectType } from 'graphql';
import { getSchemaCoordinate, rateLimitDirective } from 'graphql-rate-limit-directive';
import type { UserContext } from './resolvers/context.ts';

const DIRECTIVE = 'rateLimit';

/**
 * Applies the schema's `@rateLimit` directives (graphql-rate-limit-directive) per client address.
 *
 * The kit builds the subgraph schema itself and takes resolvers, not a schema, so the directive's
 * schema transformer cannot be handed to it. Instead the schema is built here once, transformed,
 * and the wrapped resolvers of the limited fields are read back into the resolver map the kit gets.
 * Counters are in process memory: these throttles only slow one address down; the limits that
 * protect accounts are per identity, in PostgreSQL (otpStore.ts).
 */
export function withRateLimits(
  typeDefs: DocumentNode,
  resolvers: GraphQLResolverMap<UserContext>,
): GraphQLResolverMap<UserContext> {
  const { rateLimitDirectiveTransformer } = rateLimitDirective<UserContext>({
    name: DIRECTIVE,
    keyGenerator: (_directiveArgs, _source, _args, context, info) =>
      `${context.clientAddress}|${getSchemaCoordinate(info)}`,
    onLimit: (response) => {
      const seconds = Math.max(1, Math.ceil(response.msBeforeNext / 1000));
      throw rateLimited(
        seconds,
        `Too many requests from your network; try again in ${seconds} seconds`,
      );
    },
  });
  const schema = rateLimitDirectiveTransformer(
    buildSubgraphSchema({ typeDefs, resolvers: resolvers as GraphQLResolverMap<unknown> }),
  );
  const limited: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeLimited = type.astNode?.directives?.some((d) => d.name.value === DIRECTIVE) ?? false;
    for (const field of Object.values(type.getFields())) {
      const fieldLimited =
        field.astNode?.directives?.some((d) => d.name.value === DIRECTIVE) ?? false;
      if (!(typeLimited || fieldLimited) || field.resolve === undefined) continue;
      (limited[type.name] ??= {})[field.name] = field.resolve as GraphQLFieldConfig<
        unknown,
        UserContext
      >['resolve'];
    }
  }
  const merged: Record<string, unknown> = { ...resolvers };
  for (const [typeName, fields] of Object.entries(limited)) {
    merged[typeName] = { ...(resolvers[typeName] as object | undefined), ...fields };
  }
  return merged as GraphQLResolverMap<UserContext>;
}
