import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    throw new GraphQLError(`DateTime must be ISO 8601, e.g. 2026-11-24T09:30:00Z (got "${value}")`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`Invalid DateTime "${String(value)}"`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return date;
}

/** `DateTime`: ISO 8601 strings on the wire, `Date` inside. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO 8601 date-time, e.g. 2026-11-24T09:30:00Z',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return toDate(ast.value);
  },
});

/**
 * Maps a GraphQL enum (SCREAMING_SNAKE_CASE) to the domain codes (camelCase or snake_case), so
 * resolvers see `impulseBuying` and `credit_card` while clients see IMPULSE_BUYING and CREDIT_CARD.
 */
export function enumOf(codes: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    codes.map((code) => [code.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase(), code]),
  );
}
