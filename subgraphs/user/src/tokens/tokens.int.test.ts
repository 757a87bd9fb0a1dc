import { generateKeyPairSync } from 'node:crypto';
import { createTokenVerifier } from '@expensio/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock, createUserTestStack, signUp } from '../testing/userTestStack.ts';
import type { TestServer, UserTestStack } from '../testing/userTestStack.ts';
import { createAccessTokenIssuer } from './accessTokens.ts';
import { signingKeyFromPem } from './secrets.ts';

const REFRESH = /* GraphQL */ `
  mutation ($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresAt
      isNewUser
      user {
        id
      }
    }
  }
`;
const LOGOUT = /* GraphQL */ `
  mutation ($refreshToken: String!, $everywhere: Boolean) {
    logout(refreshToken: $refreshToken, everywhere: $everywhere)
  }
`;
const UPDATE = /* GraphQL */ `
  mutation {
    updateProfile(input: { firstName: "Renamed" }) {
      id
      firstName
    }
  }
`;

interface RefreshResult {
  refreshSession: {
    accessToken: string;
    refreshToken: string;
    expiresAt: string;
    isNewUser: boolean;
    user: { id: string };
  };
}

describe('access and refresh tokens', () => {
  let stack: UserTestStack;
  let clock: ReturnType<typeof createTestClock>;
  let server: TestServer;

  beforeAll(async () => {
    stack = await createUserTestStack('tokens');
    clock = createTestClock(new Date());
    server = await stack.startServer({ now: clock.now });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const refresh = (refreshToken: string) => server.gql<RefreshResult>(REFRESH, { refreshToken });
  const code = (result: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    result.errors?.[0]?.extensions?.['code'];

  it('issues a 15-minute EdDSA access token that every subgraph can verify against the JWKS', async () => {
    const session = await signUp(stack, server);
    expect(Date.parse(session.expiresAt) - clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000);
    expect(Date.parse(session.expiresAt) - clock.now().getTime()).toBeGreaterThan(14 * 60_000);

    const jwks = (await (await fetch(`${server.base}/.well-known/jwks.json`)).json()) as {
      keys: { alg: string; kty: string; d?: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ alg: 'EdDSA', kty: 'OKP' });
    expect(jwks.keys[0]?.d).toBeUndefined(); // never the private part

    const verifier = createTokenVerifier({
      jwksUrl: `${server.base}/.well-known/jwks.json`,
      issuer: 'expensio-user',
      audience: 'expensio',
    });
    await expect(verifier.verify(session.accessToken)).resolves.toEqual({
      userId: session.user.id,
    });

    const me = await server.gql<{ me: { id: string } }>(
      '{ me { id } }',
      {},
      { token: session.accessToken },
    );
    expect(me.data?.me.id).toBe(session.user.id);
  });

  it('refuses an expired access token', async () => {
    const session = await signUp(stack, server);
    clock.advance(15 * 60_000 + 10_000);
    expect(code(await server.gql(UPDATE, {}, { token: session.accessToken }))).toBe(
      'UNAUTHENTICATED',
    );
    expect((await server.gql('{ me { id } }', {}, { token: session.accessToken })).data).toEqual({
      me: null,
    });
  });

  it('refuses a forged access token: another key, or a changed subject', async () => {
    const victim = await signUp(stack, server);
    const attacker = await signUp(stack, server);
    const otherKey = await signingKeyFromPem(
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    // Same kid as the real key, so only the signature gives it away
    const forger = createAccessTokenIssuer({
      key: { ...otherKey, kid: stack.secrets.signingKey.kid },
      issuer: 'expensio-user',
      audience: 'expensio',
      now: clock.now,
    });
    const forged = await forger.issue(victim.user.id);
    expect(code(await server.gql(UPDATE, {}, { token: forged.token }))).toBe('UNAUTHENTICATED');

    const [header, payload, signature] = attacker.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: victim.user.id })).toString(
      'base64url',
    );
    expect(
      code(await server.gql(UPDATE, {}, { token: `${header}.${tampered}.${signature}` })),
    ).toBe('UNAUTHENTICATED');
    expect(code(await server.gql(UPDATE, {}))).toBe('UNAUTHENTICATED');
  });

  it('rotates refresh tokens: each works once and gives a new pair', async () => {
    const session = await signUp(stack, server);
    const first = await refresh(session.refreshToken);
    expect(first.data?.refreshSession).toMatchObject({
      isNewUser: false,
      user: { id: session.user.id },
    });
    const next = first.data!.refreshSession;
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(
      (await server.gql<{ me: { id: string } }>('{ me { id } }', {}, { token: next.accessToken }))
        .data?.me.id,
    ).toBe(session.user.id);
    const second = await refresh(next.refreshToken);
    expect(second.errors).toBeUndefined();
  });

  it('revokes the whole family when a rotated refresh token is reused', async () => {
    const session = await signUp(stack, server);
    const rotated = (await refresh(session.refreshToken)).data!.refreshSession;
    // The stolen copy of the old token comes back
    expect(code(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
    // ...and the legitimate holder's newer token is dead too
    expect(code(await refresh(rotated.refreshToken))).toBe('UNAUTHENTICATED');
  });

  it('expires refresh tokens after 30 days, and refuses unknown ones', async () => {
    const session = await signUp(stack, server);
    clock.advance(30 * 24 * 3600_000 + 1_000);
    expect(code(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
    expect(code(await refresh('not-a-token'))).toBe('UNAUTHENTICATED');
  });

  it('logs out one session, or every session with everywhere: true', async () => {
    const account = await signUp(stack, server);
    const again = async () => {
      await server.gql('mutation ($email: String!) { requestOtp(email: $email) { sent } }', {
        email: account.identity.email,
      });
      const result = await server.gql<{ verifyOtp: { refreshToken: string } }>(
        'mutation ($email: String!, $code: String!) { verifyOtp(email: $email, code: $code) { refreshToken } }',
        { email: account.identity.email, code: await stack.latestCode(account.identity.email) },
      );
      return result.data!.verifyOtp.refreshToken;
    };
    const phone = await again();
    const laptop = await again();

    expect((await server.gql(LOGOUT, { refreshToken: account.refreshToken })).data).toEqual({
      logout: true,
    });
    expect(code(await refresh(account.refreshToken))).toBe('UNAUTHENTICATED');
    expect((await refresh(phone)).errors).toBeUndefined(); // other sessions live on

    expect((await server.gql(LOGOUT, { refreshToken: laptop, everywhere: true })).data).toEqual({
      logout: true,
    });
    expect(code(await refresh(laptop))).toBe('UNAUTHENTICATED');
    const phoneRotated = await refresh(phone);
    expect(code(phoneRotated)).toBe('UNAUTHENTICATED');
    expect((await server.gql(LOGOUT, { refreshToken: 'unknown' })).data).toEqual({ logout: false });
  });

  it('keeps tokens out of the logs', async () => {
    const session = await signUp(stack, server);
    await refresh(session.refreshToken);
    expect(server.logText()).not.toContain(session.refreshToken);
    expect(server.logText()).not.toContain(session.accessToken);
  });
});
