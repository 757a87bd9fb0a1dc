import type { UserConfig } from '../config.ts';

/** The per-identity OTP limits, enforced in PostgreSQL so they hold across restarts and replicas. */
export interface OtpPolicy {
  /** How long a code is valid. Default 10 minutes. */
  readonly codeTtlMs: number;
  /** Codes an identity may request within `requestWindowMs` (sliding). Default 3. */
  readonly maxRequests: number;
  /** Default 15 minutes. */
  readonly requestWindowMs: number;
  /** The request past `maxRequests` locks the identity this long. Default 30 minutes. */
  readonly requestLockMs: number;
  /** Wrong guesses after which the current code is void. Default 5. */
  readonly maxGuessesPerCode: number;
  /** Wrong guesses within `wrongGuessWindowMs` that lock the identity. Default 10. */
  readonly maxWrongGuesses: number;
  /** Default 1 hour. */
  readonly wrongGuessWindowMs: number;
  /** How long too many wrong guesses lock the identity. Default 30 minutes. */
  readonly guessLockMs: number;
}

const MINUTE = 60_000;

export const DEFAULT_OTP_POLICY: OtpPolicy = {
  codeTtlMs: 10 * MINUTE,
  maxRequests: 3,
  requestWindowMs: 15 * MINUTE,
  requestLockMs: 30 * MINUTE,
  maxGuessesPerCode: 5,
  maxWrongGuesses: 10,
  wrongGuessWindowMs: 60 * MINUTE,
  guessLockMs: 30 * MINUTE,
};

export function otpPolicyFromConfig(config: UserConfig): OtpPolicy {
  return {
    codeTtlMs: config.OTP_TTL_SECONDS * 1000,
    maxRequests: config.OTP_MAX_REQUESTS,
    requestWindowMs: config.OTP_REQUEST_WINDOW_SECONDS * 1000,
    requestLockMs: config.OTP_REQUEST_LOCK_SECONDS * 1000,
    maxGuessesPerCode: config.OTP_MAX_GUESSES_PER_CODE,
    maxWrongGuesses: config.OTP_MAX_WRONG_GUESSES,
    wrongGuessWindowMs: config.OTP_WRONG_GUESS_WINDOW_SECONDS * 1000,
    guessLockMs: config.OTP_GUESS_LOCK_SECONDS * 1000,
  };
}
