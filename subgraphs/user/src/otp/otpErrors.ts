import { DomainError } from '@expensio/kit';

/** Why an identity is locked: too many codes requested, or too many wrong codes. */
export type LockReason = 'requests' | 'guesses';

export interface Lock {
  readonly until: Date;
  readonly reason: LockReason;
}

function describeWait(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? 'about a minute' : `about ${minutes} minutes`;
}

/**
 * The error a locked identity gets, with the extensions API.md promises (`lockedUntil`,
 * `retryAfterSeconds`). Built here rather than with the kit's `otpLocked`/`otpRateLimited`, whose
 * extensions (`unlocksAt`, no `lockedUntil`) do not match the public contract.
 */
export function lockedError(lock: Lock, now: Date): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lock.until.getTime() - now.getTime()) / 1000));
  const lockedUntil = lock.until.toISOString();
  const wait = describeWait(retryAfterSeconds);
  const extensions = { lockedUntil, retryAfterSeconds };
  if (lock.reason === 'requests') {
    return new DomainError(
      'OTP_RATE_LIMITED',
      `Too many sign-in codes were requested for this email, so it is locked until ${lockedUntil} (${wait}). ` +
        'After that, request a new code and sign in with it. We have sent an email about this.',
      { extensions },
    );
  }
  return new DomainError(
    'OTP_LOCKED',
    `Too many wrong codes were entered for this email, so it is locked until ${lockedUntil} (${wait}). ` +
      'After that, request a new code and sign in with it. We have sent an email about this.',
    { extensions },
  );
}
