import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { createLogger } from './logger.ts';
import {
  DomainError,
  ERROR_CODES,
  HTTP_STATUS_BY_CODE,
  badInput,
  createFormatError,
  httpStatusOf,
  isErrorCode,
  notFound,
  otpLocked,
  otpRateLimited,
  toGraphQLError,
  unauthenticated,
} from './errors.ts';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    service: 'test',
    destination: {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  return { log, lines };
}

/** What graphql-js hands Apollo for an error thrown in a resolver. */
function thrownInResolver(error: unknown): GraphQLError {
  return new GraphQLError(error instanceof Error ? error.message : String(error), {
    path: ['expense', 'amount'],
    originalError: error instanceof Error ? error : undefined,
  });
}

function formattedOf(error: GraphQLError): GraphQLFormattedError {
  return {
    ...error.toJSON(),
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      stacktrace: ['Error: at secret/file.ts:1'],
      ...error.extensions,
    },
  };
}

describe('error codes', () => {
  it('maps every code to an HTTP status', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
    expect(httpStatusOf('BAD_USER_INPUT')).toBe(400);
    expect(httpStatusOf('UNAUTHENTICATED')).toBe(401);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('VERSION_CONFLICT')).toBe(409);
    expect(httpStatusOf('OTP_RATE_LIMITED')).toBe(429);
    expect(httpStatusOf('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(httpStatusOf('SERVICE_UNAVAILABLE')).toBe(503);
  });

  it('recognises only listed codes', () => {
    expect(isErrorCode('FORBIDDEN')).toBe(true);
    expect(isErrorCode('GRAPHQL_PARSE_FAILED')).toBe(false);
    expect(isErrorCode(404)).toBe(false);
  });

  it('builds coded domain errors with their extensions', () => {
    expect(badInput('Amount must be positive', 'input.amount')).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Amount must be positive',
      extensions: { field: 'input.amount' },
      httpStatus: 400,
    });
    expect(notFound('Expense', 'e1')).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Expense not found',
    });
    expect(unauthenticated().code).toBe('UNAUTHENTICATED');
  });
});

describe('otpLocked and otpRateLimited', () => {
  const now = new Date('2030-01-01T12:00:00.000Z');
  const lockedUntil = new Date('2030-01-01T12:30:00.000Z');

  it('give OTP_LOCKED with the extensions API.md promises, saying when and how to get back in', () => {
    const error = otpLocked(lockedUntil, now);
    expect(error).toMatchObject({ code: 'OTP_LOCKED', httpStatus: 423 });
    expect(error.extensions).toEqual({
      lockedUntil: '2030-01-01T12:30:00.000Z',
      retryAfterSeconds: 1800,
    });
    expect(error.message).toBe(
      'Too many wrong codes were entered, so sign-in is locked until 2030-01-01T12:30:00.000Z ' +
        '(about 30 minutes). After that, request a new code and sign in with it.',
    );
  });

  it('give OTP_RATE_LIMITED with the same extensions', () => {
    const error = otpRateLimited(lockedUntil, now);
    expect(error).toMatchObject({ code: 'OTP_RATE_LIMITED', httpStatus: 429 });
    expect(error.extensions).toEqual({
      lockedUntil: '2030-01-01T12:30:00.000Z',
      retryAfterSeconds: 1800,
    });
    expect(error.message).toMatch(/^Too many sign-in codes were requested, so sign-in is locked/);
    expect(error.message).toMatch(/request a new code/);
  });

  it('round the seconds left up, and never below 1', () => {
    const almost = new Date(lockedUntil.getTime() - 1_500);
    expect(otpLocked(lockedUntil, almost).extensions['retryAfterSeconds']).toBe(2);
    expect(otpLocked(lockedUntil, almost).message).toContain('(about a minute)');
    expect(otpRateLimited(lockedUntil, lockedUntil).extensions['retryAfterSeconds']).toBe(1);
  });

  it('reach clients with their extensions through toGraphQLError', () => {
    expect(toGraphQLError(otpRateLimited(lockedUntil, now)).extensions).toEqual({
      code: 'OTP_RATE_LIMITED',
      lockedUntil: '2030-01-01T12:30:00.000Z',
      retryAfterSeconds: 1800,
    });
  });
});

describe('toGraphQLError', () => {
  it('keeps the code, message, extensions and path of a domain error', () => {
    const error = toGraphQLError(thrownInResolver(badInput('Too long', 'input.title')));
    expect(error.message).toBe('Too long');
    expect(error.extensions).toEqual({ field: 'input.title', code: 'BAD_USER_INPUT' });
    expect(error.path).toEqual(['expense', 'amount']);
  });

  it('returns a coded GraphQLError unchanged', () => {
    const coded = new GraphQLError('Nope', { extensions: { code: 'FORBIDDEN' } });
    expect(toGraphQLError(coded)).toBe(coded);
  });

  it('masks a plain error and keeps it as originalError', () => {
    const cause = new Error('duplicate key value violates unique constraint "users_email"');
    const error = toGraphQLError(cause);
    expect(error.message).toBe('Internal server error');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(error.originalError).toBe(cause);
  });

  it('masks a thrown non-error value', () => {
    expect(toGraphQLError('boom').message).toBe('Internal server error');
  });
});

describe('createFormatError', () => {
  it('shows a domain error with its code and no stack trace, and logs nothing', () => {
    const { log, lines } = capturingLogger();
    const error = thrownInResolver(notFound('Expense', 'e1'));
    const formatted = createFormatError(log)(formattedOf(error), error);
    expect(formatted).toEqual({
      message: 'Expense not found',
      path: ['expense', 'amount'],
      extensions: { code: 'NOT_FOUND', id: 'e1' },
    });
    expect(lines).toHaveLength(0);
  });

  it("keeps Apollo's own coded errors such as validation failures", () => {
    const { log } = capturingLogger();
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const formatted = createFormatError(log)(formattedOf(error), error);
    expect(formatted.message).toBe('Cannot query field "nope" on type "Query".');
    expect(formatted.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('shows a coded wrapper even when the error it wraps has no code', () => {
    // Apollo wraps validation errors (e.g. "introspection is not allowed") this way.
    const { log } = capturingLogger();
    const inner = new GraphQLError('GraphQL introspection is not allowed');
    const error = new GraphQLError(inner.message, {
      originalError: inner,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(createFormatError(log)(formattedOf(error), error)).toEqual({
      message: 'GraphQL introspection is not allowed',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it.each([
    ['a plain error', new Error('connect ECONNREFUSED 10.0.0.7:5432')],
    ['an uncoded GraphQLError', new GraphQLError('connect ECONNREFUSED 10.0.0.7:5432')],
    [
      'a domain error coded internal',
      new DomainError('INTERNAL_SERVER_ERROR', 'connect ECONNREFUSED 10.0.0.7:5432'),
    ],
  ])('masks %s and logs the cause', (_label, cause) => {
    const { log, lines } = capturingLogger();
    const error = thrownInResolver(cause);
    const formatted = createFormatError(log)(formattedOf(error), error);
    expect(formatted).toEqual({
      message: 'Internal server error',
      path: ['expense', 'amount'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toContain('ECONNREFUSED');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      path: 'expense.amount',
      err: { message: expect.stringContaining('ECONNREFUSED') },
    });
  });
});
