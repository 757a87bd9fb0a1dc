import { describe, expect, it } from 'vitest';
import { generateOtpCode, hashOtpCode, isOtpCodeShape, otpHashesMatch } from './otpCode.ts';

const secret = Buffer.from('a-test-secret-of-at-least-32-characters!!');

describe('OTP codes', () => {
  it('are 6 digits, leading zeros kept, and spread over the whole range', () => {
    const codes = Array.from({ length: 2_000 }, generateOtpCode);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1_990);
    expect(codes.some((c) => Number(c) < 500_000) && codes.some((c) => Number(c) >= 500_000)).toBe(
      true,
    );
  });

  it('are stored as an HMAC bound to the identity and the secret, never as themselves', () => {
    const hash = hashOtpCode(secret, 'email:a@example.com', '012345');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain('012345');
    expect(hashOtpCode(secret, 'email:a@example.com', '012345')).toBe(hash);
    expect(hashOtpCode(secret, 'email:b@example.com', '012345')).not.toBe(hash);
    expect(
      hashOtpCode(
        Buffer.from('another-secret-of-at-least-32-chars!!!'),
        'email:a@example.com',
        '012345',
      ),
    ).not.toBe(hash);
  });

  it('compare equal hashes only, and refuse hashes of another length', () => {
    const a = hashOtpCode(secret, 'email:a@example.com', '111111');
    const b = hashOtpCode(secret, 'email:a@example.com', '111112');
    expect(otpHashesMatch(a, a)).toBe(true);
    expect(otpHashesMatch(a, b)).toBe(false);
    expect(otpHashesMatch(a, a.slice(0, 10))).toBe(false);
  });

  it('know their shape', () => {
    expect(isOtpCodeShape('000123')).toBe(true);
    expect(isOtpCodeShape('12345')).toBe(false);
    expect(isOtpCodeShape('12345a')).toBe(false);
  });
});
