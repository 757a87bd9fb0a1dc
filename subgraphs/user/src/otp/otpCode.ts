import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const OTP_DIGITS = 6;

/** A uniformly random 6-digit code from the CSPRNG (leading zeros kept). */
export function generateOtpCode(): string {
  return randomInt(0, 10 ** OTP_DIGITS)
    .toString()
    .padStart(OTP_DIGITS, '0');
}

/**
 * What is stored instead of the code: HMAC-SHA256 under a server secret, bound to the identity.
 * A plain hash would not do: a 6-digit code has a million values, so anyone reading the table could
 * try them all; without the secret they cannot.
 */
export function hashOtpCode(secret: Uint8Array, identity: string, code: string): string {
  return createHmac('sha256', secret).update(`${identity}\n${code}`).digest('hex');
}

/** Compares two stored-form hashes in constant time. */
export function otpHashesMatch(expectedHex: string, actualHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const actual = Buffer.from(actualHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Whether `code` has the shape of a code (so a typo is not counted as a guess). */
export function isOtpCodeShape(code: string): boolean {
  return new RegExp(`^\\d{${OTP_DIGITS}}$`).test(code);
}
