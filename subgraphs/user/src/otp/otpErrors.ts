import { otpLocked, otpRateLimited } from '@expensio/kit';
import type { DomainError } from '@expensio/kit';

/** Why an identity is locked: too many codes requested, or too many wrong codes. */
export type LockReason = 'requests' | 'guesses';

export interface Lock {
  readonly until: Date;
  readonly reason: LockReason;
}

/** The error a locked identity gets: OTP_RATE_LIMITED or OTP_LOCKED, by the reason of its lock. */
export function lockedError(lock: Lock, now: Date): DomainError {
  return lock.reason === 'requests' ? otpRateLimited(lock.until, now) : otpLocked(lock.until, now);
}
