import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { DomainError, unauthenticated } from './errors.ts';
import { createLruCache } from './lruCache.ts';

/** Who a verified access token speaks for. */
export interface AuthenticatedUser {
  /** The token's `sub`. */
  readonly userId: string;
}

export interface TokenVerifierOptions {
  /**
   * The user subgraph's JWKS, e.g. `http://localhost:4001/.well-known/jwks.json`. Keys are fetched
   * on first use and again when a token names an unknown `kid` (key rotation). Give this or `jwks`.
   */
  jwksUrl?: string | URL;
  /** The keys themselves (the user subgraph verifies its own tokens this way, and tests). */
  jwks?: JSONWebKeySet;
  /** Expected `iss`. Default: not checked. */
  issuer?: string;
  /** Expected `aud`. Default: not checked. */
  audience?: string;
  /** Accepted signature algorithms. Default: `['EdDSA', 'ES256']` (asymmetric only, never `none` or HMAC). */
  algorithms?: readonly string[];
  /** Allowed clock skew between issuer and verifier, in seconds. Default: 5. */
  clockToleranceSeconds?: number;
  /** The clock. Default: the system clock; tests pass their own to check expiry. */
  now?: () => Date;
  /**
   * Tokens remembered once verified, until they expire (0: none). Default 5,000. Every hop of a
   * request (gateway, then each subgraph it calls) verifies the same token again, and an EdDSA
   * check costs ~0.3 ms of CPU; a remembered token costs a map lookup. Nothing is lost: a token is
   * still refused from its expiry on, and no access token can be revoked before it anyway
   * (logout ends refresh tokens). Only tokens that verified are kept, so a forged one is checked
   * every time.
   */
  cacheSize?: number;
}

/** A verified token's user and when the token stops being valid (its `exp`). */
export interface VerifiedToken {
  readonly user: AuthenticatedUser;
  readonly expiresAt: Date;
}

export interface TokenVerifier {
  /** Resolves the token's user, or rejects with UNAUTHENTICATED (missing, expired, forged...). */
  verify(token: string): Promise<AuthenticatedUser>;
  /**
   * As `verify`, with the token's expiry: a long-lived connection (a WebSocket) authenticated once
   * must end when its token does.
   */
  verifyWithExpiry(token: string): Promise<VerifiedToken>;
  /**
   * For the request context, which must not throw: the user of `Authorization: Bearer <jwt>`, or
   * undefined when the header is absent or the token does not verify. Resolvers then call
   * `requireUser(context.user)`.
   */
  fromAuthorizationHeader(header: string | undefined): Promise<AuthenticatedUser | undefined>;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Verifies access tokens issued by the user subgraph against its public keys. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  let keys: JWTVerifyGetKey;
  if (options.jwks !== undefined) keys = createLocalJWKSet(options.jwks);
  else if (options.jwksUrl !== undefined) keys = createRemoteJWKSet(new URL(options.jwksUrl));
  else throw new Error('createTokenVerifier needs jwksUrl or jwks');
  const algorithms = [...(options.algorithms ?? ['EdDSA', 'ES256'])];
  const toleranceMs = (options.clockToleranceSeconds ?? 5) * 1000;
  const cacheSize = options.cacheSize ?? 5_000;
  const verified = cacheSize > 0 ? createLruCache<string, VerifiedToken>(cacheSize) : undefined;
  const nowMs = () => (options.now === undefined ? Date.now() : options.now().getTime());

  async function verifyWithExpiry(token: string): Promise<VerifiedToken> {
    const known = verified?.get(token);
    if (known !== undefined) {
      // The expiry test jose applies (exp + tolerance), on the same clock.
      if (nowMs() < known.expiresAt.getTime() + toleranceMs) return known;
      verified!.delete(token);
    }
    const result = await verifySignature(token);
    verified?.set(token, result);
    return result;
  }

  async function verifySignature(token: string): Promise<VerifiedToken> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms,
        clockTolerance: options.clockToleranceSeconds ?? 5,
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
        ...(options.now === undefined ? {} : { currentDate: options.now() }),
        requiredClaims: ['sub', 'exp'],
      });
      if (typeof payload.sub !== 'string' || payload.sub.length === 0)
        throw new Error('no subject');
      // requiredClaims makes `exp` present; jose has checked it is a number.
      return { user: { userId: payload.sub }, expiresAt: new Date((payload.exp as number) * 1000) };
    } catch (error) {
      // The reason (expired, bad signature, unknown key) is not the client's business; all read the same.
      throw new DomainError('UNAUTHENTICATED', 'Invalid or expired access token', { cause: error });
    }
  }

  const verify = async (token: string) => (await verifyWithExpiry(token)).user;

  return {
    verify,
    verifyWithExpiry,
    async fromAuthorizationHeader(header) {
      const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
      if (token === undefined) return undefined;
      return verify(token).catch(() => undefined);
    },
  };
}

/** The user of a request, or UNAUTHENTICATED: the first line of every resolver that needs one. */
export function requireUser(user: AuthenticatedUser | undefined): AuthenticatedUser {
  if (user === undefined) throw unauthenticated();
  return user;
}
