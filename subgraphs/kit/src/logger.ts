import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

/**
 * Keys whose values are secrets wherever they appear. pino's redaction works on paths, and a
 * wildcard matches exactly one level, so each key is listed at the top and under one and two
 * levels of nesting (`token`, `*.token`, `*.*.token`): that covers `req.headers.authorization`,
 * `input.password`, `err.config.headers`... Deeper secrets must not be logged in the first place.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'password',
  'passwordHash',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'privateKey',
  'otp',
  // OTP codes are usually passed as `code`. Error codes survive because the `err` serializer
  // below renames an error's own `code` to `errorCode`.
  'code',
  // Connection strings carry credentials (`postgres://user:password@host`).
  'DATABASE_URL',
  'MONGODB_URI',
  'SMTP_URL',
  'OPENAI_API_KEY',
] as const;

function pathsFor(key: string): string[] {
  // Bracket notation for keys that are not identifiers, e.g. `set-cookie`.
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) => (segment.startsWith('[') ? `${prefix}${segment}` : `${prefix}.${segment}`);
  return [segment, join('*'), join('*.*')];
}

/** Every redacted path; exported so tests and reviewers can see the whole list. */
export const REDACTED_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap(pathsFor),
  // Three levels deep for headers of an upstream request attached to an error (`err.config.headers`).
  '*.*.headers.authorization',
  '*.*.headers.Authorization',
  '*.*.headers.cookie',
];

export const REDACTED = '[REDACTED]';

/** pino's error serializer, but an error's `code` (ECONNREFUSED, 23505) is kept as `errorCode`. */
function serializeError(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null || !('code' in serialized)) return serialized;
  const { code, ...rest } = serialized as Record<string, unknown>;
  return { ...rest, errorCode: code };
}

export interface CreateLoggerOptions {
  /** Added to every line as `service`, e.g. `expense`. Required. */
  service: string;
  /** Minimum level written. Default: `info`. */
  level?: LogLevel;
  /** Where lines go (tests pass a stream to capture them). Default: stdout. */
  destination?: DestinationStream;
}

/** One JSON line per event, with the service name and secrets redacted. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACTED_PATHS], censor: REDACTED },
    serializers: { err: serializeError },
  };
  return options.destination === undefined ? pino(settings) : pino(settings, options.destination);
}
