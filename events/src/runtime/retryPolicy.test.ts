import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, PermanentError, retryDelayMs } from './retryPolicy.ts';

describe('retry policy', () => {
  it('grows exponentially up to the cap, before jitter', () => {
    const top = () => 1; // the jitter draw at its maximum
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, DEFAULT_RETRY_POLICY, top))).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 5_000,
    ]);
  });

  it('draws full jitter below the ceiling', () => {
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(200);
  });

  it('retries ordinary errors but not permanent ones', () => {
    expect(DEFAULT_RETRY_POLICY.shouldRetry(new Error('connection reset'))).toBe(true);
    expect(DEFAULT_RETRY_POLICY.shouldRetry(new PermanentError('unknown category', 'BAD_EVENT'))).toBe(false);
  });
});
