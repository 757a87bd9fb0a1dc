/**
 * How a consumer retries a failing handler before it dead-letters the message. Policies are data
 * (STYLE.md 10); the defaults suit a handler that writes to a local store.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 4, so 5 attempts in all. */
  readonly maxRetries: number;
  /** Delay before the first retry. Default 100 ms. */
  readonly initialDelayMs: number;
  /** Each delay is the previous one times this. Default 2. */
  readonly factor: number;
  /** Upper bound of one delay. Default 5,000 ms. */
  readonly maxDelayMs: number;
  /**
   * Whether an error is worth another try. Default: every error but a `PermanentError`, which goes
   * to the dead-letter queue at once (retrying cannot fix a rule violation).
   */
  readonly shouldRetry: (error: unknown) => boolean;
}

/** A handler error that no retry can fix: the message goes to the dead-letter queue at once. */
export class PermanentError extends Error {
  readonly code: string;
  constructor(message: string, code = 'PERMANENT_FAILURE', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
    this.code = code;
  }
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 4,
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 5_000,
  shouldRetry: (error: unknown) => !(error instanceof PermanentError),
});

/**
 * The wait before retry number `retry` (1-based): exponential, capped, with "full jitter" (a
 * uniform draw below the cap) so consumers that failed together do not retry together.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (retry - 1));
  return Math.round(ceiling * random());
}
