import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import * as jose from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { createTokenVerifier } from './auth.ts';

// Counts signature checks: the point of the cache is to skip them.
vi.mock('jose', async (importOriginal) => {
  const actual = await importOriginal<typeof jose>();
  return { ...actual, jwtVerify: vi.fn(actual.jwtVerify) };
});

async function setUp() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' }] };
  const sign = (sub: string, exp: number, key = privateKey) =>
    new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).setSubject(sub).setExpirationTime(exp).sign(key);
  return { jwks, sign };
}
const checks = () => vi.mocked(jose.jwtVerify).mock.calls.length;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('createTokenVerifier, verified tokens remembered', () => {
  it('given a token verified once, then the next requests with it skip the signature check', async () => {
    const { jwks, sign } = await setUp();
    const token = await sign('u-1', nowSeconds() + 600);
    const verifier = createTokenVerifier({ jwks });
    const before = checks();
    for (let i = 0; i < 5; i++) await expect(verifier.verify(token)).resolves.toEqual({ userId: 'u-1' });
    expect(checks() - before).toBe(1);
    await expect(verifier.verifyWithExpiry(token)).resolves.toMatchObject({ user: { userId: 'u-1' } });
    expect(checks() - before).toBe(1);
  });

  it('given a remembered token, when it expires, then it is refused as before (clock tolerance included)', async () => {
    const { jwks, sign } = await setUp();
    const exp = nowSeconds() + 60;
    const token = await sign('u-1', exp);
    let now = Date.now();
    const verifier = createTokenVerifier({ jwks, now: () => new Date(now), clockToleranceSeconds: 5 });
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'u-1' });
    now = exp * 1000 + 4_000; // inside the tolerance: still good, from memory
    await expect(verifier.verify(token)).resolves.toEqual({ userId: 'u-1' });
    now = exp * 1000 + 6_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.fromAuthorizationHeader(`Bearer ${token}`)).resolves.toBeUndefined();
  });

  it('given a forged token, then it is checked (and refused) every time', async () => {
    const { jwks, sign } = await setUp();
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await sign('u-1', nowSeconds() + 600, other.privateKey);
    const verifier = createTokenVerifier({ jwks });
    const before = checks();
    for (let i = 0; i < 3; i++) await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(checks() - before).toBe(3);
  });

  it('given cacheSize 0, then every request checks the signature', async () => {
    const { jwks, sign } = await setUp();
    const token = await sign('u-1', nowSeconds() + 600);
    const verifier = createTokenVerifier({ jwks, cacheSize: 0 });
    const before = checks();
    await verifier.verify(token);
    await verifier.verify(token);
    expect(checks() - before).toBe(2);
  });

  it('given more tokens than it keeps, then the least recent is checked again', async () => {
    const { jwks, sign } = await setUp();
    const tokens = await Promise.all(['a', 'b', 'c'].map((sub) => sign(sub, nowSeconds() + 600)));
    const verifier = createTokenVerifier({ jwks, cacheSize: 2 });
    for (const t of tokens) await verifier.verify(t); // a, b, c: a is dropped
    const before = checks();
    await verifier.verify(tokens[2]!);
    await verifier.verify(tokens[1]!);
    expect(checks() - before).toBe(0);
    await expect(verifier.verify(tokens[0]!)).resolves.toEqual({ userId: 'a' });
    expect(checks() - before).toBe(1);
  });
});
