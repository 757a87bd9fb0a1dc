import { rateLimited } from '@expensio/kit';
import type { GraphQLSchema } from 'graphql';
import { getSchemaCoordinate, rateLimitDirective } from 'graphql-rate-limit-directive';
import type { UserContext } from './resolvers/context.ts';

/**
 * The schema transformer that applies the schema's `@rateLimit` directives
 * (graphql-rate-limit-directive) per client address; the kit's `transformSchema` option runs it.
 * Counters are in process memory, one set per transformer: these throttles only slow one address
 * down; the limits that protect accounts are per identity, in PostgreSQL (otpStore.ts).
 */
export function createRateLimitTransformer(): (schema: GraphQLSchema) => GraphQLSchema {
  const { rateLimitDirectiveTransformer } = rateLimitDirective<UserContext>({
    name: 'rateLimit',
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
  return rateLimitDirectiveTransformer;
}
