// The user subgraph's tables. drizzle-kit reads this file (drizzle.config.ts) to generate the
// migrations in ./migrations, which main.ts applies at start.
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// The outbox and the consumers' idempotency records come from the events runtime.
export { outbox, processedEvents } from '@expensio/events';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  /** Lower-cased; the sign-in identity. */
  email: text('email').notNull().unique(),
  firstName: text('first_name').notNull(),
  lastName: text('last_name'),
  /** Lower-cased, so uniqueness ignores case. */
  username: text('username').notNull().unique(),
  baseCurrency: text('base_currency').notNull(),
  timeZone: text('time_zone').notNull(),
  /** 1 at registration, +1 per profile change; USER_PROFILE_UPDATED carries it so stale copies lose. */
  profileVersion: integer('profile_version').notNull().default(1),
  createdAt: timestamptz('created_at').notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

/**
 * One row per sign-in identity (`email:<address>`, later `phone:<number>`), whether or not it has
 * an account: the row is what requests and guesses on that identity lock (`for update`), so the
 * limits hold across replicas.
 */
export const otpIdentities = pgTable('otp_identities', {
  identity: text('identity').primaryKey(),
  lockedUntil: timestamptz('locked_until'),
  /** `requests` (too many codes asked for) or `guesses` (too many wrong codes). */
  lockReason: text('lock_reason'),
  createdAt: timestamptz('created_at').notNull(),
});

/** The identity's current code, if any: a new request replaces it, so older codes are void. */
export const otpCodes = pgTable('otp_codes', {
  identity: text('identity')
    .primaryKey()
    .references(() => otpIdentities.identity, { onDelete: 'cascade' }),
  /** HMAC-SHA256 of the code under the server's OTP secret; the code itself is never stored. */
  codeHash: text('code_hash').notNull(),
  expiresAt: timestamptz('expires_at').notNull(),
  wrongGuesses: integer('wrong_guesses').notNull().default(0),
  createdAt: timestamptz('created_at').notNull(),
});

/** Code requests and wrong guesses per identity, for the sliding windows. Pruned as it goes. */
export const otpAttempts = pgTable(
  'otp_attempts',
  {
    id: uuid('id').primaryKey(),
    identity: text('identity')
      .notNull()
      .references(() => otpIdentities.identity, { onDelete: 'cascade' }),
    /** `request` or `wrong_guess`. */
    kind: text('kind').notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('otp_attempts_identity_kind_at').on(t.identity, t.kind, t.at)],
);

/**
 * Refresh tokens, stored as SHA-256 of the opaque value. Rotation marks the old row `rotatedAt`
 * and adds one to the same family; presenting a rotated token again revokes the whole family.
 */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    familyId: uuid('family_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamptz('created_at').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    rotatedAt: timestamptz('rotated_at'),
    revokedAt: timestamptz('revoked_at'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_token_hash').on(t.tokenHash),
    index('refresh_tokens_family').on(t.familyId),
    index('refresh_tokens_user').on(t.userId),
  ],
);

/**
 * The account-deletion saga. No foreign key to `users`: the saga outlives the account it deletes
 * (its COMPLETED row is the record that the deletion happened).
 */
export const deletionSagas = pgTable(
  'deletion_sagas',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    /** PENDING, COMPLETED or FAILED. */
    status: text('status').notNull(),
    requestedAt: timestamptz('requested_at').notNull(),
    /** Requests sent so far (the first one included). */
    attempts: integer('attempts').notNull().default(1),
    /** When to resend to the participants that have not answered, or give up. */
    nextCheckAt: timestamptz('next_check_at').notNull(),
    completedAt: timestamptz('completed_at'),
    failedAt: timestamptz('failed_at'),
    failureReason: text('failure_reason'),
  },
  (t) => [
    index('deletion_sagas_user').on(t.userId),
    // At most one saga in flight per user.
    uniqueIndex('deletion_sagas_one_pending')
      .on(t.userId)
      .where(sql`status = 'PENDING'`),
    index('deletion_sagas_due').on(t.status, t.nextCheckAt),
  ],
);

export const deletionParticipants = pgTable(
  'deletion_participants',
  {
    sagaId: uuid('saga_id')
      .notNull()
      .references(() => deletionSagas.id, { onDelete: 'cascade' }),
    service: text('service').notNull(),
    purgedAt: timestamptz('purged_at'),
    counts: jsonb('counts').$type<Record<string, number>>(),
  },
  (t) => [primaryKey({ columns: [t.sagaId, t.service] })],
);
