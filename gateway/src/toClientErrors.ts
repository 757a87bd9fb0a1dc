import type { FormatError } from '@expensio/kit';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

const URL_IN_TEXT = /\b(?:https?|wss?):\/\/[^\s"'<>)]+/gi;

function isGraphQLError(value: unknown): value is GraphQLError {
  // Not instanceof: graphql can be loaded twice (CJS and ESM), see kit/src/errors.ts.
  return Object.prototype.toString.call(value) === '[object GraphQLError]';
}

/**
 * The errors a subscription client may see, as real GraphQLErrors (graphql-ws calls `toJSON()` on
 * them; a plain object ends the subscription with "e.toJSON is not a function"). Each goes through
 * the gateway's `formatError` (coded errors shown, the rest masked and logged, as over HTTP); then
 * internal URLs are cut from messages and a path through `_entities` (an entity fetch the client
 * never asked for) is dropped rather than shown.
 */
export function toClientErrors(
  errors: readonly unknown[],
  formatError: FormatError,
): GraphQLError[] {
  return errors.map((error) => {
    const formatted: GraphQLFormattedError = isGraphQLError(error)
      ? error.toJSON()
      : { message: error instanceof Error ? error.message : String(error) };
    const shown = formatError(formatted, error);
    const path = shown.path?.some((segment) => segment === '_entities') ? undefined : shown.path;
    return new GraphQLError(shown.message.replace(URL_IN_TEXT, '<internal>'), {
      ...(path ? { path } : {}),
      ...(shown.extensions ? { extensions: shown.extensions } : {}),
    });
  });
}
