/**
 * The key OTP limits are counted under. Prefixed by channel so phone sign-in (`phone:<e164>`) can
 * join later without mixing its limits with email's.
 */
export function emailIdentity(normalizedEmail: string): string {
  return `email:${normalizedEmail}`;
}
