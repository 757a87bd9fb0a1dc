import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

/**
 * The one list of error codes a client of Expensio can see. Every code reaches clients as
 * GraphQL `extensions.code`; HTTP endpoints that are not GraphQL use `httpStatusOf(code)`.
 * Adding a code here is a compile error until it has an HTTP status below.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_CONFLICT',
  'RATE_LIMITED',
  'OTP_LOCKED',
  'OTP_RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_SERVER_ERROR',
  'SERVICE_UNAVAILABLE',
  'SUMMARY_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Exhaustive by type: `satisfies Record<ErrorCode, number>` fails when a code is missing. */
export const HTTP_STATUS_BY_CODE = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // A stale write: the client should re-read and retry, which is what 409 tells it.
  VERSION_CONFLICT: 409,
  RATE_LIMITED: 429,
  // 423 Locked rather than 429: waiting a little does not help, the identity stays locked until
  // the time given in the error's extensions.
  OTP_LOCKED: 423,
  OTP_RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  // The model behind a written summary failed; what the summary is built from is still served.
  SUMMARY_UNAVAILABLE: 503,
} as const satisfies Record<ErrorCode, number>;

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS_BY_CODE[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The public message of every masked error; the real cause goes to the log only. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

export interface DomainErrorOptions {
  /** Extra fields for GraphQL `extensions` (e.g. `field`, `retryAfterSeconds`). Default: none. */
  extensions?: Readonly<Record<string, unknown>>;
  /** The underlying error, kept for logs; never shown to clients. Default: none. */
  cause?: unknown;
}

/**
 * An expected failure that domain code throws (or returns) on purpose. Its message and code are
 * safe to show to the client. It is deliberately not a GraphQLError, so domain modules and Kafka
 * consumers can use it without thinking about GraphQL; `toGraphQLError` translates at the edge.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: ErrorCode;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.extensions = options.extensions ?? {};
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}

/** `field` is the input path that is wrong, e.g. `input.amount`, so a form can mark it. */
export function badInput(message: string, field?: string): DomainError {
  return new DomainError(
    'BAD_USER_INPUT',
    message,
    field === undefined ? {} : { extensions: { field } },
  );
}

export function unauthenticated(message = 'Authentication required'): DomainError {
  return new DomainError('UNAUTHENTICATED', message);
}

export function forbidden(message = 'Forbidden'): DomainError {
  return new DomainError('FORBIDDEN', message);
}

/** `notFound('Expense', id)` gives "Expense not found" with `extensions.id`. */
export function notFound(entity: string, id?: string): DomainError {
  return new DomainError(
    'NOT_FOUND',
    `${entity} not found`,
    id === undefined ? {} : { extensions: { id } },
  );
}

export function conflict(message: string): DomainError {
  return new DomainError('CONFLICT', message);
}

/** A write based on `expectedVersion` found the stored entity at another version. */
export function versionConflict(
  entity: string,
  expectedVersion?: number,
  actualVersion?: number,
): DomainError {
  return new DomainError(
    'VERSION_CONFLICT',
    `${entity} was changed by someone else; reload and try again`,
    {
      extensions: { expectedVersion, actualVersion },
    },
  );
}

export function rateLimited(retryAfterSeconds: number, message = 'Too many requests'): DomainError {
  return new DomainError('RATE_LIMITED', message, { extensions: { retryAfterSeconds } });
}

/** Whole seconds from `now` until `until`, rounded up and at least 1 (a Retry-After value). */
function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

function describeWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? 'about a minute' : `about ${minutes} minutes`;
}

/**
 * The OTP errors of API.md: both carry `extensions { lockedUntil, retryAfterSeconds }` (ISO 8601
 * and whole seconds) and a message saying until when sign-in is locked and what to do after.
 */
function otpLockError(
  code: 'OTP_LOCKED' | 'OTP_RATE_LIMITED',
  why: string,
  lockedUntil: Date,
  now: Date,
): DomainError {
  const retryAfterSeconds = secondsUntil(lockedUntil, now);
  const until = lockedUntil.toISOString();
  return new DomainError(
    code,
    `${why}, so sign-in is locked until ${until} (${describeWait(retryAfterSeconds)}). ` +
      'After that, request a new code and sign in with it.',
    { extensions: { lockedUntil: until, retryAfterSeconds } },
  );
}

/**
 * The identity is locked after too many wrong codes, until `lockedUntil`; `now` is the clock of
 * the rule that locked it, so `retryAfterSeconds` agrees with it.
 */
export function otpLocked(lockedUntil: Date, now: Date): DomainError {
  return otpLockError('OTP_LOCKED', 'Too many wrong codes were entered', lockedUntil, now);
}

/** The identity asked for too many codes and is locked until `lockedUntil` (as `otpLocked`). */
export function otpRateLimited(lockedUntil: Date, now: Date): DomainError {
  return otpLockError(
    'OTP_RATE_LIMITED',
    'Too many sign-in codes were requested',
    lockedUntil,
    now,
  );
}

export function payloadTooLarge(limit: string): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `Request body is larger than ${limit}`, {
    extensions: { limit },
  });
}

export function serviceUnavailable(
  message = 'Service unavailable; try again shortly',
): DomainError {
  return new DomainError('SERVICE_UNAVAILABLE', message);
}

/** A written summary could not be had from the model (timeout, HTTP error, empty answer). */
export function summaryUnavailable(
  message = 'The written summary is unavailable right now; try again later',
): DomainError {
  return new DomainError('SUMMARY_UNAVAILABLE', message);
}

/**
 * Recognises a GraphQLError by its `Symbol.toStringTag` rather than `instanceof`: graphql ships
 * both CJS and ESM builds, and a process can load both (vitest resolves the ESM build for our
 * code while @apollo/server and @apollo/subgraph get the CJS one), making `instanceof` lie.
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return Object.prototype.toString.call(value) === '[object GraphQLError]';
}

/**
 * graphql-js wraps what a resolver throws in a located GraphQLError, and Apollo may wrap again
 * (e.g. "Context creation failed"); the innermost error is the real cause, for logs.
 */
function innermost(err: unknown): unknown {
  let current = err;
  while (isGraphQLError(current) && current.originalError != null) current = current.originalError;
  return current;
}

/**
 * The outermost error in the wrapping chain that carries a code: a DomainError, or a GraphQLError
 * with `extensions.code`. Outermost, because Apollo wraps an uncoded validation error in a coded
 * one (GRAPHQL_VALIDATION_FAILED) and the wrapper is what the client should see.
 */
function findCoded(err: unknown): { source: DomainError | GraphQLError; code: string } | undefined {
  let current = err;
  for (;;) {
    if (current instanceof DomainError) return { source: current, code: current.code };
    if (!isGraphQLError(current)) return undefined;
    const code = current.extensions['code'];
    if (typeof code === 'string') return { source: current, code };
    if (current.originalError == null) return undefined;
    current = current.originalError;
  }
}

/**
 * Whether `err` must be hidden from clients. Domain errors and GraphQL errors that carry a code
 * (ours, or Apollo's own such as GRAPHQL_VALIDATION_FAILED) were raised on purpose and are shown;
 * anything else, and anything coded INTERNAL_SERVER_ERROR, may carry internals (SQL, hosts, stack
 * details) and is masked.
 */
export function isMasked(err: unknown): boolean {
  const coded = findCoded(err);
  return coded === undefined || coded.code === 'INTERNAL_SERVER_ERROR';
}

/**
 * Translates any thrown value into the GraphQLError a client may see: a DomainError keeps its
 * code, message and extensions; a coded GraphQLError is returned as is; anything else becomes
 * INTERNAL_SERVER_ERROR with a fixed message (the cause stays as `originalError` for logs).
 */
export function toGraphQLError(err: unknown): GraphQLError {
  const located = isGraphQLError(err) ? err : undefined;
  const where = {
    nodes: located?.nodes,
    source: located?.source,
    positions: located?.positions,
    path: located?.path,
  };
  const coded = isMasked(err) ? undefined : findCoded(err);
  if (coded?.source instanceof DomainError) {
    return new GraphQLError(coded.source.message, {
      ...where,
      originalError: coded.source,
      extensions: { ...coded.source.extensions, code: coded.source.code },
    });
  }
  if (coded !== undefined) {
    if (coded.source === err) return coded.source;
    return new GraphQLError(coded.source.message, {
      ...where,
      originalError: coded.source,
      extensions: coded.source.extensions,
    });
  }
  const cause = innermost(err);
  return new GraphQLError(INTERNAL_ERROR_MESSAGE, {
    ...where,
    originalError: cause instanceof Error ? cause : new Error(String(cause)),
    extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode },
  });
}

export type FormatError = (
  formattedError: GraphQLFormattedError,
  error: unknown,
) => GraphQLFormattedError;

/**
 * Apollo Server's `formatError`: shows coded errors, masks everything else as
 * INTERNAL_SERVER_ERROR "Internal server error" and logs the masked cause at error level (the one
 * place an unexpected resolver failure is logged). Stack traces never reach clients, whatever
 * NODE_ENV says, and `extensions.http` (Apollo's status hint) is dropped from the body.
 */
export function createFormatError(log: Logger): FormatError {
  return (formatted, error) => {
    const { locations, path } = formatted;
    const where = {
      ...(locations === undefined ? {} : { locations }),
      ...(path === undefined ? {} : { path }),
    };
    if (isMasked(error)) {
      log.error({ err: innermost(error), path: path?.join('.') }, 'masked an unexpected error');
      return {
        message: INTERNAL_ERROR_MESSAGE,
        ...where,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    const graphQLError = toGraphQLError(error);
    const {
      stacktrace: _stacktrace,
      http: _http,
      ...extensions
    } = {
      ...formatted.extensions,
      ...graphQLError.extensions,
    };
    return { message: graphQLError.message, ...where, extensions };
  };
}
