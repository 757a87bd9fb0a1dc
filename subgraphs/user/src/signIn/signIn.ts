import { badInput, forbidden, serviceUnavailable, unauthenticated } from '@expensio/kit';
import type { Logger, DomainError } from '@expensio/kit';
import type { Db, Tx } from '../db/database.ts';
import type { CodeSender } from '../mail/codeSender.ts';
import { emailIdentity } from '../otp/identity.ts';
import { isOtpCodeShape } from '../otp/otpCode.ts';
import { lockedError } from '../otp/otpErrors.ts';
import type { Lock } from '../otp/otpErrors.ts';
import type { OtpStore } from '../otp/otpStore.ts';
import { normalizeEmail, parseNewProfile } from '../profile/profileRules.ts';
import type { NewUserProfileInput } from '../profile/profileRules.ts';
import {
  findUserByEmail,
  findUserById,
  registerUser,
  rethrowUsernameTaken,
} from '../profile/users.ts';
import type { UserRow } from '../profile/users.ts';
import type { AccessTokenIssuer } from '../tokens/accessTokens.ts';
import type { RefreshTokenStore } from '../tokens/refreshTokens.ts';

export interface OtpRequestResult {
  sent: boolean;
  expiresAt: Date | null;
  message: string;
}

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires. */
  expiresAt: Date;
  user: UserRow;
  isNewUser: boolean;
}

export interface SignIn {
  requestOtp(email: string): Promise<OtpRequestResult>;
  verifyOtp(
    email: string,
    code: string,
    profile?: NewUserProfileInput | null,
  ): Promise<AuthPayload>;
  refreshSession(refreshToken: string): Promise<AuthPayload>;
  logout(refreshToken: string, everywhere: boolean): Promise<boolean>;
}

export interface SignInDeps {
  db: Db;
  otp: OtpStore;
  sender: CodeSender;
  accessTokens: AccessTokenIssuer;
  refreshTokens: RefreshTokenStore;
  /** Whether an account deletion is in flight (sign-in is refused meanwhile). */
  isDeletionPending: (tx: Tx, userId: string) => Promise<boolean>;
  /** Publishes outbox rows written by a committed transaction without waiting for the next poll. */
  nudgeOutbox: () => void;
  now: () => Date;
  log: Logger;
}

/** One message for every wrong, expired, used or never-sent code, so none can be told apart. */
const INVALID_CODE =
  'That code is not valid. Check it, or request a new one (codes last 10 minutes and work once).';
const SENT =
  'If this email can sign in, a 6-digit code is on its way. It works once and expires soon.';

export function createSignIn(deps: SignInDeps): SignIn {
  const { db, otp, sender, accessTokens, refreshTokens, now, log } = deps;

  /** Sends the one lock notice of a lockout, after the lock committed; never fails the request. */
  async function noticeLock(email: string, lock: Lock, justLocked: boolean): Promise<DomainError> {
    if (justLocked) {
      log.warn(
        { reason: lock.reason, lockedUntil: lock.until.toISOString() },
        'otp identity locked',
      );
      await sender.sendLockNotice(email, lock).catch((err: unknown) => {
        log.error({ err }, 'could not send the lock notice');
      });
    }
    return lockedError(lock, now());
  }

  async function payload(
    user: UserRow,
    refresh: { token: string },
    isNewUser: boolean,
  ): Promise<AuthPayload> {
    const access = await accessTokens.issue(user.id);
    return {
      accessToken: access.token,
      refreshToken: refresh.token,
      expiresAt: access.expiresAt,
      user,
      isNewUser,
    };
  }

  return {
    async requestOtp(rawEmail) {
      const email = normalizeEmail(rawEmail);
      const outcome = await otp.request(emailIdentity(email));
      if (outcome.kind === 'locked')
        throw await noticeLock(email, outcome.lock, outcome.justLocked);
      // The same code path whether or not an account exists: the reply and the timing match.
      await sender.sendCode(email, outcome.code, outcome.expiresAt).catch((err: unknown) => {
        log.error({ err }, 'could not send a sign-in code');
        throw serviceUnavailable('We could not send the code just now; try again in a minute');
      });
      return { sent: true, expiresAt: outcome.expiresAt, message: SENT };
    },

    async verifyOtp(rawEmail, code, profileInput) {
      const email = normalizeEmail(rawEmail);
      const trimmed = code.trim();
      if (!isOtpCodeShape(trimmed)) throw badInput('The code is 6 digits', 'code');
      const identity = emailIdentity(email);

      type Outcome =
        | { kind: 'refused'; error: DomainError }
        | { kind: 'locked'; lock: Lock; justLocked: boolean }
        | { kind: 'signedIn'; user: UserRow; refresh: { token: string }; isNewUser: boolean };
      let outcome: Outcome;
      try {
        outcome = await db.transaction(async (tx): Promise<Outcome> => {
          const checked = await otp.check(tx, identity, trimmed);
          if (checked.kind === 'locked') return checked;
          // Wrong guesses must be committed, so the refusal is returned, not thrown.
          if (checked.kind === 'invalid')
            return { kind: 'refused', error: badInput(INVALID_CODE, 'code') };

          let user = await findUserByEmail(tx, email);
          const isNewUser = user === undefined;
          if (user === undefined) {
            // The code stays valid (nothing is consumed) so the client can send the profile.
            if (profileInput == null) {
              throw badInput(
                'No account uses this email yet: send a profile to create one',
                'profile',
              );
            }
            user = await registerUser(tx, email, parseNewProfile(profileInput), now());
          } else if (await deps.isDeletionPending(tx, user.id)) {
            throw forbidden(
              'This account is being deleted; sign-in is refused until the deletion ends',
            );
          }
          await otp.consume(tx, identity);
          const refresh = await refreshTokens.issue(tx, user.id);
          return { kind: 'signedIn', user, refresh, isNewUser };
        });
      } catch (error) {
        return rethrowUsernameTaken(error, 'profile.username');
      }
      if (outcome.kind === 'locked')
        throw await noticeLock(email, outcome.lock, outcome.justLocked);
      if (outcome.kind === 'refused') throw outcome.error;
      if (outcome.isNewUser) {
        deps.nudgeOutbox();
        log.info({ userId: outcome.user.id }, 'user registered');
      }
      return payload(outcome.user, outcome.refresh, outcome.isNewUser);
    },

    async refreshSession(refreshToken) {
      const outcome = await refreshTokens.rotate(refreshToken);
      if (outcome.kind === 'reused') {
        log.warn({}, 'a rotated refresh token was reused; its family is revoked');
        throw unauthenticated('This session has ended; sign in again');
      }
      if (outcome.kind === 'invalid')
        throw unauthenticated('This session has ended; sign in again');
      const user = await findUserById(db, outcome.userId);
      if (user === undefined) throw unauthenticated('This session has ended; sign in again');
      return payload(user, outcome, false);
    },

    logout: (refreshToken, everywhere) => refreshTokens.revoke(refreshToken, everywhere),
  };
}
