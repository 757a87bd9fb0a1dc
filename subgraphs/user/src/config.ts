import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { baseEnv, envVar } from '@expensio/kit';
import { SERVICE_NAMES } from '@expensio/events';
import type { ServiceName } from '@expensio/events';

/** The repository root (this file is `<root>/subgraphs/user/src/config.ts`). */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const SECONDS = 'must be a whole number of seconds (at least 1)';
const COUNT = 'must be a whole number (at least 1)';

/** A positive integer read from a string, with its default. */
function positiveInt(defaultValue: number, message = COUNT) {
  return z
    .string()
    .default(String(defaultValue))
    .refine((value) => /^\d+$/.test(value.trim()) && Number(value) >= 1, message)
    .transform(Number);
}

/**
 * The services that take part in the deletion saga today: each purges on USER_DELETION_REQUESTED
 * and answers USER_DATA_PURGED (kit's `createDeletionParticipant`). Add each service here when it
 * joins the saga; until then, waiting on it would fail every deletion.
 */
const DEFAULT_DELETION_PARTICIPANTS: readonly ServiceName[] = ['expense'];

const participants = z
  .string()
  .default(DEFAULT_DELETION_PARTICIPANTS.join(','))
  .transform((value) =>
    value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
  )
  .refine(
    (names): names is ServiceName[] =>
      names.every((name) => (SERVICE_NAMES as readonly string[]).includes(name) && name !== 'user'),
    `must be a comma-separated list of services among ${SERVICE_NAMES.filter((s) => s !== 'user').join(', ')}`,
  )
  .transform((names) => [...new Set(names)] as ServiceName[]);

/**
 * Every variable the user subgraph reads, with its default. Limits are in seconds or counts; the
 * per-client-address throttles are in schema.graphql (`@rateLimit`).
 */
export const userEnvSchema = z.object({
  ...baseEnv({ service: 'user', port: 4001 }),
  DATABASE_URL: envVar.databaseUrl('postgres://expensio@127.0.0.1:5432/expensio_user'),
  KAFKA_BROKERS: envVar.kafkaBrokers(),
  /** Prepended to topic names (a namespace for tests or a shared cluster). Default: none. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'must be letters, digits, ., _ or -')
    .default(''),
  /** Where development state goes (keys, mailbox). Default: `<repo>/.expensio`. */
  EXPENSIO_STATE_DIR: z.string().min(1).default(join(repoRoot, '.expensio')),
  /** Mail goes through SMTP when set (`smtp://user:pass@host:587`, `smtps://...`). Default: the dev mailbox. */
  SMTP_URL: envVar.url({ protocols: ['smtp:', 'smtps:'] }).optional(),
  /** Development mailbox folder, used when SMTP_URL is unset. Default: `<state dir>/mailbox`. */
  MAILBOX_DIR: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Expensio <no-reply@expensio.local>'),
  /**
   * Ed25519 private key (PKCS#8 PEM) that signs access tokens. Default outside production: one
   * generated into `<state dir>/keys/`. Required in production.
   */
  JWT_PRIVATE_KEY: z.string().min(1).optional(),
  /** Secret under which OTP codes are hashed (at least 32 characters). Default as JWT_PRIVATE_KEY. */
  OTP_SECRET: z.string().min(32).optional(),
  /** `iss` of the access tokens, checked by every subgraph. */
  JWT_ISSUER: z.string().min(1).default('expensio-user'),
  /** `aud` of the access tokens. */
  JWT_AUDIENCE: z.string().min(1).default('expensio'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(15 * 60, SECONDS),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt(30 * 24 * 3600, SECONDS),
  OTP_TTL_SECONDS: positiveInt(10 * 60, SECONDS),
  OTP_MAX_REQUESTS: positiveInt(3),
  OTP_REQUEST_WINDOW_SECONDS: positiveInt(15 * 60, SECONDS),
  OTP_REQUEST_LOCK_SECONDS: positiveInt(30 * 60, SECONDS),
  OTP_MAX_GUESSES_PER_CODE: positiveInt(5),
  OTP_MAX_WRONG_GUESSES: positiveInt(10),
  OTP_WRONG_GUESS_WINDOW_SECONDS: positiveInt(60 * 60, SECONDS),
  OTP_GUESS_LOCK_SECONDS: positiveInt(30 * 60, SECONDS),
  /** express `trust proxy`: whose X-Forwarded-For to believe for the client address. */
  TRUST_PROXY: z.string().min(1).default('loopback'),
  /**
   * Services that must answer USER_DATA_PURGED before an account is deleted, as a comma list
   * (`expense,income,financial-data`). Default: `expense` (`DEFAULT_DELETION_PARTICIPANTS`).
   */
  DELETION_PARTICIPANTS: participants,
  /** How long to wait for the participants before resending the request. */
  DELETION_RESEND_AFTER_SECONDS: positiveInt(5 * 60, SECONDS),
  /** Requests sent (the first included) before the saga is FAILED. */
  DELETION_MAX_ATTEMPTS: positiveInt(5),
  /** How often the saga looks for overdue deletions. */
  DELETION_CHECK_INTERVAL_SECONDS: positiveInt(30, SECONDS),
});

export type UserConfig = z.output<typeof userEnvSchema>;
