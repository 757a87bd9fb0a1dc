import { generateKeyPair, exportJWK, SignJWT } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier, requireUser } from './auth.ts';
import { DomainError } from './errors.ts';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' }] };
  return { privateKey, jwks, kid };
}

type Pair = Awaited<ReturnType<typeof keyPair>>;

function sign(pair: Pair, claims: { sub?: string; exp?: number; iss?: string; aud?: string }) {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: pair.kid }).setIssuedAt();
  if (claims.sub !== undefined) jwt = jwt.setSubject(claims.sub);
  jwt = jwt.setExpirationTime(claims.exp ?? '15m');
  if (claims.iss !== undefined) jwt = jwt.setIssuer(claims.iss);
  if (claims.aud !== undefined) jwt = jwt.setAudience(claims.aud);
  return jwt.sign(pair.privateKey);
}

async function expectUnauthenticated(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('UNAUTHENTICATED');
}

describe('createTokenVerifier', () => {
  it('gives the subject of a valid token', async () => {
    const pair = await keyPair('k1');
    const verifier = createTokenVerifier({
      jwks: pair.jwks,
      issuer: 'expensio-user',
      audience: 'expensio',
    });
    const token = await sign(pair, { sub: 'u-1', iss: 'expensio-user', aud: 'expensio' });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'u-1' });
    await expect(verifier.fromAuthorizationHeader(`Bearer ${token}`)).resolves.toEqual({
      userId: 'u-1',
    });
  });

  it('refuses an expired token, measured by the given clock', async () => {
    const pair = await keyPair('k1');
    const token = await sign(pair, { sub: 'u-1', exp: Math.floor(Date.now() / 1000) + 60 });
    const later = createTokenVerifier({
      jwks: pair.jwks,
      now: () => new Date(Date.now() + 120_000),
    });
    await expectUnauthenticated(later.verify(token));
  });

  it('gives the expiry of a valid token, and refuses a bad one as verify does', async () => {
    const pair = await keyPair('k1');
    const exp = Math.floor(Date.now() / 1000) + 60;
    const verifier = createTokenVerifier({ jwks: pair.jwks });
    await expect(verifier.verifyWithExpiry(await sign(pair, { sub: 'u-1', exp }))).resolves.toEqual(
      {
        user: { userId: 'u-1' },
        expiresAt: new Date(exp * 1000),
      },
    );
    await expectUnauthenticated(verifier.verifyWithExpiry('not.a.jwt'));
  });

  it('refuses a token signed by another key, a tampered one, and one without a subject', async () => {
    const trusted = await keyPair('k1');
    const forger = await keyPair('k1');
    const verifier = createTokenVerifier({ jwks: trusted.jwks });
    await expectUnauthenticated(verifier.verify(await sign(forger, { sub: 'u-1' })));
    const [header, , signature] = (await sign(trusted, { sub: 'u-1' })).split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'admin', exp: 9_999_999_999 })).toString(
      'base64url',
    );
    await expectUnauthenticated(verifier.verify(`${header}.${payload}.${signature}`));
    await expectUnauthenticated(verifier.verify(await sign(trusted, {})));
  });

  it('refuses an unsigned (alg none) token', async () => {
    const verifier = createTokenVerifier({ jwks: (await keyPair('k1')).jwks });
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none' })}.${encode({ sub: 'u-1', exp: 9_999_999_999 })}.`;
    await expectUnauthenticated(verifier.verify(unsigned));
  });

  it('checks issuer and audience when given', async () => {
    const pair = await keyPair('k1');
    const verifier = createTokenVerifier({
      jwks: pair.jwks,
      issuer: 'expensio-user',
      audience: 'expensio',
    });
    await expectUnauthenticated(
      verifier.verify(await sign(pair, { sub: 'u-1', iss: 'other', aud: 'expensio' })),
    );
    await expectUnauthenticated(
      verifier.verify(await sign(pair, { sub: 'u-1', iss: 'expensio-user', aud: 'other' })),
    );
  });

  it('gives undefined for a missing, malformed or bad Authorization header, without throwing', async () => {
    const verifier = createTokenVerifier({ jwks: (await keyPair('k1')).jwks });
    await expect(verifier.fromAuthorizationHeader(undefined)).resolves.toBeUndefined();
    await expect(verifier.fromAuthorizationHeader('Basic abc')).resolves.toBeUndefined();
    await expect(verifier.fromAuthorizationHeader('Bearer not.a.jwt')).resolves.toBeUndefined();
  });

  it('requireUser throws UNAUTHENTICATED without a user', () => {
    expect(() => requireUser(undefined)).toThrow(DomainError);
    expect(requireUser({ userId: 'u' })).toEqual({ userId: 'u' });
  });

  it('needs a key source', () => {
    expect(() => createTokenVerifier({})).toThrow(/jwksUrl or jwks/);
  });
});
