import { SignJWT } from 'jose';
import type { JSONWebKeySet } from 'jose';
import type { SigningKey } from './secrets.ts';

export interface AccessTokenIssuer {
  /** A signed JWT whose `sub` is the user id. */
  issue(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The public keys, as served at /.well-known/jwks.json. */
  jwks(): JSONWebKeySet;
}

export interface AccessTokenIssuerOptions {
  key: SigningKey;
  issuer: string;
  audience: string;
  /** Lifetime. Default 15 minutes. */
  ttlMs?: number;
  now: () => Date;
}

export function createAccessTokenIssuer(options: AccessTokenIssuerOptions): AccessTokenIssuer {
  const { key, issuer, audience, now } = options;
  const ttlMs = options.ttlMs ?? 15 * 60_000;
  return {
    async issue(userId) {
      const issuedAt = now();
      const iat = Math.floor(issuedAt.getTime() / 1000);
      const exp = iat + Math.floor(ttlMs / 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key.privateKey);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    jwks: () => ({ keys: [key.publicJwk] }),
  };
}
