import { randomUUID } from 'node:crypto';
import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { otpAttempts, otpCodes, otpIdentities } from '../db/schema.ts';
import { generateOtpCode, hashOtpCode, otpHashesMatch } from './otpCode.ts';
import type { Lock, LockReason } from './otpErrors.ts';
import type { OtpPolicy } from './otpPolicy.ts';

export type RequestOutcome =
  | { readonly kind: 'issued'; readonly code: string; readonly expiresAt: Date }
  | { readonly kind: 'locked'; readonly lock: Lock; readonly justLocked: boolean };

export type CheckOutcome =
  /** The code is right; `consume(tx, identity)` in the same transaction makes it used. */
  | { readonly kind: 'valid' }
  /** Wrong, expired, used or never issued: the caller cannot tell which, nor can the client. */
  | { readonly kind: 'invalid'; readonly codeVoided: boolean }
  | { readonly kind: 'locked'; readonly lock: Lock; readonly justLocked: boolean };

export interface OtpStore {
  /** Issues a new code for `identity` (voiding the previous one), or says the identity is locked. */
  request(identity: string): Promise<RequestOutcome>;
  /** Checks a guess inside the caller's transaction; wrong guesses are recorded there. */
  check(tx: Tx, identity: string, code: string): Promise<CheckOutcome>;
  /** Makes the current code used (single use). */
  consume(tx: Tx, identity: string): Promise<void>;
}

export interface OtpStoreOptions {
  db: Db;
  policy: OtpPolicy;
  /** The HMAC key codes are hashed under. */
  secret: Uint8Array;
  /** The clock; every time in the OTP tables comes from it. */
  now: () => Date;
}

const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

export function createOtpStore({ db, policy, secret, now }: OtpStoreOptions): OtpStore {
  const longestWindowMs = Math.max(policy.requestWindowMs, policy.wrongGuessWindowMs);

  /**
   * Creates the identity's row if needed and locks it for the rest of the transaction, so
   * concurrent requests and guesses on one identity (on any replica) are counted one at a time.
   */
  async function lockIdentityRow(tx: Tx, identity: string, at: Date) {
    await tx.insert(otpIdentities).values({ identity, createdAt: at }).onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(otpIdentities)
      .where(eq(otpIdentities.identity, identity))
      .for('update');
    if (row === undefined) throw new Error('otp identity row vanished inside its transaction');
    await tx
      .delete(otpAttempts)
      .where(
        and(eq(otpAttempts.identity, identity), lt(otpAttempts.at, plus(at, -longestWindowMs))),
      );
    const lock: Lock | undefined =
      row.lockedUntil !== null && row.lockedUntil > at
        ? { until: row.lockedUntil, reason: (row.lockReason ?? 'guesses') as LockReason }
        : undefined;
    return lock;
  }

  async function countAttempts(tx: Tx, identity: string, kind: string, since: Date) {
    const [row] = await tx
      .select({ n: count() })
      .from(otpAttempts)
      .where(
        and(
          eq(otpAttempts.identity, identity),
          eq(otpAttempts.kind, kind),
          gt(otpAttempts.at, since),
        ),
      );
    return row?.n ?? 0;
  }

  /** Locks the identity, voids its code and starts its counts afresh for after the lock. */
  async function lockIdentity(
    tx: Tx,
    identity: string,
    reason: LockReason,
    at: Date,
  ): Promise<Lock> {
    const until = plus(at, reason === 'requests' ? policy.requestLockMs : policy.guessLockMs);
    await tx
      .update(otpIdentities)
      .set({ lockedUntil: until, lockReason: reason })
      .where(eq(otpIdentities.identity, identity));
    await tx.delete(otpCodes).where(eq(otpCodes.identity, identity));
    await tx
      .delete(otpAttempts)
      .where(
        and(
          eq(otpAttempts.identity, identity),
          eq(otpAttempts.kind, reason === 'requests' ? 'request' : 'wrong_guess'),
        ),
      );
    return { until, reason };
  }

  return {
    request(identity) {
      return db.transaction(async (tx): Promise<RequestOutcome> => {
        const at = now();
        const lock = await lockIdentityRow(tx, identity, at);
        if (lock) return { kind: 'locked', lock, justLocked: false };
        const recent = await countAttempts(
          tx,
          identity,
          'request',
          plus(at, -policy.requestWindowMs),
        );
        if (recent >= policy.maxRequests) {
          return {
            kind: 'locked',
            lock: await lockIdentity(tx, identity, 'requests', at),
            justLocked: true,
          };
        }
        await tx.insert(otpAttempts).values({ id: randomUUID(), identity, kind: 'request', at });
        const code = generateOtpCode();
        const expiresAt = plus(at, policy.codeTtlMs);
        const values = {
          codeHash: hashOtpCode(secret, identity, code),
          expiresAt,
          wrongGuesses: 0,
          createdAt: at,
        };
        // Replacing the row voids the previous code.
        await tx
          .insert(otpCodes)
          .values({ identity, ...values })
          .onConflictDoUpdate({ target: otpCodes.identity, set: values });
        return { kind: 'issued', code, expiresAt };
      });
    },

    async check(tx, identity, code) {
      const at = now();
      const lock = await lockIdentityRow(tx, identity, at);
      if (lock) return { kind: 'locked', lock, justLocked: false };
      const [current] = await tx.select().from(otpCodes).where(eq(otpCodes.identity, identity));
      if (current === undefined) return { kind: 'invalid', codeVoided: false };
      if (current.expiresAt <= at) {
        await tx.delete(otpCodes).where(eq(otpCodes.identity, identity));
        return { kind: 'invalid', codeVoided: false };
      }
      if (otpHashesMatch(current.codeHash, hashOtpCode(secret, identity, code)))
        return { kind: 'valid' };

      await tx.insert(otpAttempts).values({ id: randomUUID(), identity, kind: 'wrong_guess', at });
      const wrongInWindow = await countAttempts(
        tx,
        identity,
        'wrong_guess',
        plus(at, -policy.wrongGuessWindowMs),
      );
      if (wrongInWindow >= policy.maxWrongGuesses) {
        return {
          kind: 'locked',
          lock: await lockIdentity(tx, identity, 'guesses', at),
          justLocked: true,
        };
      }
      const wrongGuesses = current.wrongGuesses + 1;
      if (wrongGuesses >= policy.maxGuessesPerCode) {
        await tx.delete(otpCodes).where(eq(otpCodes.identity, identity));
        return { kind: 'invalid', codeVoided: true };
      }
      await tx.update(otpCodes).set({ wrongGuesses }).where(eq(otpCodes.identity, identity));
      return { kind: 'invalid', codeVoided: false };
    },

    async consume(tx, identity) {
      await tx.delete(otpCodes).where(eq(otpCodes.identity, identity));
    },
  };
}
