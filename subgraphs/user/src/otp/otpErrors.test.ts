import { describe, expect, it } from 'vitest';
import { lockedError } from './otpErrors.ts';

const now = new Date('2030-01-01T12:00:00.000Z');
const until = new Date('2030-01-01T12:30:00.000Z');

describe('lockedError', () => {
  it('gives OTP_RATE_LIMITED for too many requests, saying when and how to get back in', () => {
    const error = lockedError({ until, reason: 'requests' }, now);
    expect(error.code).toBe('OTP_RATE_LIMITED');
    expect(error.extensions).toEqual({ lockedUntil: until.toISOString(), retryAfterSeconds: 1800 });
    expect(error.message).toContain(until.toISOString());
    expect(error.message).toMatch(/about 30 minutes/);
    expect(error.message).toMatch(/request a new code/);
  });

  it('gives OTP_LOCKED for too many wrong codes, with the seconds left rounded up', () => {
    const error = lockedError({ until, reason: 'guesses' }, new Date(until.getTime() - 1_500));
    expect(error.code).toBe('OTP_LOCKED');
    expect(error.extensions).toEqual({ lockedUntil: until.toISOString(), retryAfterSeconds: 2 });
    expect(error.message).toMatch(/wrong codes/);
  });
});
