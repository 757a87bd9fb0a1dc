import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestClock,
  createUserTestStack,
  newClientAddress,
  newIdentity,
  REQUEST_OTP,
  signUp,
  VERIFY_OTP,
} from '../testing/userTestStack.ts';
import type { AuthPayloadResult, TestServer, UserTestStack } from '../testing/userTestStack.ts';

const MINUTE = 60_000;

describe('OTP login against PostgreSQL and Kafka, over HTTP', () => {
  let stack: UserTestStack;
  let clock: ReturnType<typeof createTestClock>;
  let server: TestServer;

  beforeAll(async () => {
    stack = await createUserTestStack('otp');
    clock = createTestClock();
    server = await stack.startServer({ now: clock.now });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const request = (email: string, clientAddress = newClientAddress()) =>
    server.gql<{ requestOtp: { sent: boolean; expiresAt: string; message: string } }>(
      REQUEST_OTP,
      { email },
      { clientAddress },
    );
  const verify = (email: string, code: string, profile?: Record<string, unknown>) =>
    server.gql<AuthPayloadResult>(
      VERIFY_OTP,
      { email, code, ...(profile ? { profile } : {}) },
      { clientAddress: newClientAddress() },
    );
  const wrongCodeFor = (code: string) => (code === '000000' ? '000001' : '000000');

  it('registers a new user with a mailed code, atomically with USER_REGISTERED', async () => {
    const { email, username } = newIdentity('new');
    const sent = await request(email);
    expect(sent.data?.requestOtp).toMatchObject({
      sent: true,
      expiresAt: new Date(clock.now().getTime() + 10 * MINUTE).toISOString(),
    });
    const code = await stack.latestCode(email);

    // Given no account, without a profile: refused, and the code is not used up
    const noProfile = await verify(email, code);
    expect(noProfile.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'profile',
    });

    const created = await verify(email, code, {
      firstName: ' Ada ',
      username: username.toUpperCase(),
      baseCurrency: 'inr',
      timeZone: 'Asia/Kolkata',
    });
    expect(created.errors).toBeUndefined();
    const payload = created.data!.verifyOtp;
    expect(payload).toMatchObject({
      isNewUser: true,
      user: {
        email,
        firstName: 'Ada',
        lastName: null,
        username,
        baseCurrency: 'INR',
        timeZone: 'Asia/Kolkata',
      },
    });
    expect(payload.accessToken.split('.')).toHaveLength(3);
    expect(payload.refreshToken.length).toBeGreaterThanOrEqual(43);

    const events = await stack.userEvents();
    const registered = events.find(
      (e) => e.type === 'USER_REGISTERED' && e.subject === payload.user.id,
    );
    expect(registered?.data).toEqual({
      userId: payload.user.id,
      email,
      username,
      firstName: 'Ada',
      baseCurrency: 'INR',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('signs an existing user in, with defaults chosen at sign-up', async () => {
    const first = await signUp(stack, server);
    expect(first.user).toMatchObject({ baseCurrency: 'USD', timeZone: 'UTC' });
    await request(first.identity.email);
    const again = await verify(first.identity.email, await stack.latestCode(first.identity.email), {
      firstName: 'Ignored',
      username: 'ignored_name',
    });
    expect(again.data?.verifyOtp).toMatchObject({
      isNewUser: false,
      user: { id: first.user.id, firstName: 'Test' },
    });
  });

  it('gives the same reply whether or not the email has an account', async () => {
    const existing = await signUp(stack, server);
    const unknown = newIdentity('nobody');
    const forExisting = await request(existing.identity.email);
    const forUnknown = await request(unknown.email);
    expect(forExisting).toEqual(forUnknown);
    expect(forUnknown.data?.requestOtp.sent).toBe(true);
  });

  it('never logs or returns the code', async () => {
    const { email } = newIdentity('secret');
    const reply = await request(email);
    const code = await stack.latestCode(email);
    expect(JSON.stringify(reply)).not.toContain(code);
    expect(server.logText()).not.toContain(code);
    expect(
      server.logLines.some(
        (l) => l['msg'] === 'mail written to the development mailbox' && l['to'] === email,
      ),
    ).toBe(true);
  });

  it('makes a code single use', async () => {
    const { email, username } = newIdentity('once');
    await request(email);
    const code = await stack.latestCode(email);
    expect((await verify(email, code, { firstName: 'One', username })).errors).toBeUndefined();
    const second = await verify(email, code);
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('expires a code after 10 minutes', async () => {
    const { email, username } = newIdentity('late');
    await request(email);
    const code = await stack.latestCode(email);
    clock.advance(10 * MINUTE + 1_000);
    const late = await verify(email, code, { firstName: 'Late', username });
    expect(late.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'code' },
    });
    expect(late.errors?.[0]?.message).toMatch(/not valid/);
  });

  it('voids the previous code when a new one is requested', async () => {
    const { email, username } = newIdentity('void');
    await request(email);
    const first = await stack.latestCode(email);
    await request(email);
    const second = await stack.latestCode(email);
    if (first !== second) {
      expect(
        (await verify(email, first, { firstName: 'V', username })).errors?.[0]?.extensions?.[
          'code'
        ],
      ).toBe('BAD_USER_INPUT');
    }
    expect((await verify(email, second, { firstName: 'V', username })).errors).toBeUndefined();
  });

  it('voids the code after 5 wrong guesses', async () => {
    const { email, username } = newIdentity('guess');
    await request(email);
    const code = await stack.latestCode(email);
    for (let i = 0; i < 5; i++) {
      const wrong = await verify(email, wrongCodeFor(code));
      expect(wrong.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'code',
      });
    }
    const right = await verify(email, code, { firstName: 'G', username });
    expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
  });

  it('locks the identity on the 4th request in 15 minutes, tells when it unlocks, and emails once', async () => {
    const { email, username } = newIdentity('flood');
    for (let i = 0; i < 3; i++) {
      expect((await request(email)).data?.requestOtp.sent).toBe(true);
      clock.advance(MINUTE);
    }
    const fourth = await request(email);
    const lockedUntil = new Date(clock.now().getTime() + 30 * MINUTE).toISOString();
    expect(fourth.data).toBeNull();
    expect(fourth.errors?.[0]?.extensions).toEqual({
      code: 'OTP_RATE_LIMITED',
      lockedUntil,
      retryAfterSeconds: 1800,
    });
    expect(fourth.errors?.[0]?.message).toContain(lockedUntil);

    clock.advance(10 * MINUTE);
    const fifth = await request(email);
    expect(fifth.errors?.[0]?.extensions).toEqual({
      code: 'OTP_RATE_LIMITED',
      lockedUntil,
      retryAfterSeconds: 1200,
    });
    const notices = (await stack.mails(email)).filter((m) => m.includes('locked'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(lockedUntil);

    // After the lock: a new code works
    clock.advance(20 * MINUTE);
    expect((await request(email)).data?.requestOtp.sent).toBe(true);
    expect(
      (await verify(email, await stack.latestCode(email), { firstName: 'F', username })).errors,
    ).toBeUndefined();
  });

  it('counts requests in a sliding window: spread out, they do not lock', async () => {
    const { email } = newIdentity('spread');
    for (let i = 0; i < 6; i++) {
      expect((await request(email)).errors).toBeUndefined();
      clock.advance(6 * MINUTE);
    }
  });

  it('locks the identity after 10 wrong guesses within an hour, refusing even the right code', async () => {
    const { email, username } = newIdentity('brute');
    let code = '';
    for (let round = 0; round < 2; round++) {
      await request(email);
      code = await stack.latestCode(email);
      for (let i = 0; i < 5; i++) {
        const wrong = await verify(email, wrongCodeFor(code));
        clock.advance(MINUTE);
        if (round === 1 && i === 4) {
          expect(wrong.errors?.[0]?.extensions).toMatchObject({
            code: 'OTP_LOCKED',
            retryAfterSeconds: 1800,
          });
          expect(wrong.errors?.[0]?.message).toMatch(/locked until .* request a new code/);
        } else {
          expect(wrong.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
        }
      }
    }
    const refused = await verify(email, code, { firstName: 'B', username });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'OTP_LOCKED',
      retryAfterSeconds: 1800 - 60,
    });
    const requestWhileLocked = await request(email);
    expect(requestWhileLocked.errors?.[0]?.extensions?.['code']).toBe('OTP_LOCKED');
    expect(
      (await stack.mails(email)).filter((m) => m.includes('wrong sign-in codes')),
    ).toHaveLength(1);

    clock.advance(30 * MINUTE);
    await request(email);
    expect(
      (await verify(email, await stack.latestCode(email), { firstName: 'B', username })).errors,
    ).toBeUndefined();
  });

  it('keeps the limits across a restart of the subgraph', async () => {
    const { email } = newIdentity('restart');
    for (let i = 0; i < 3; i++) await request(email);
    await server.close();
    server = await stack.startServer({ now: clock.now });
    const fourth = await request(email);
    expect(fourth.errors?.[0]?.extensions).toMatchObject({
      code: 'OTP_RATE_LIMITED',
      retryAfterSeconds: 1800,
    });
  });

  it('counts concurrent requests on two replicas exactly once each', async () => {
    const replica = await stack.startServer({ now: clock.now });
    const { email } = newIdentity('race');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 === 0 ? server : replica).gql(
          REQUEST_OTP,
          { email },
          { clientAddress: newClientAddress() },
        ),
      ),
    );
    const codes = results.map((r) => (r.errors ? r.errors[0]?.extensions?.['code'] : 'SENT'));
    expect(codes.filter((c) => c === 'SENT')).toHaveLength(3);
    expect(codes.filter((c) => c === 'OTP_RATE_LIMITED')).toHaveLength(5);
    expect((await stack.mails(email)).filter((m) => m.includes('locked'))).toHaveLength(1);
    await replica.close();
  });

  it('validates the email and the new profile, naming the field', async () => {
    const badEmail = await request('not-an-email');
    expect(badEmail.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'email',
    });

    const taken = await signUp(stack, server);
    const cases: [Record<string, unknown>, string][] = [
      [{ firstName: 'X', username: 'ok_name1', baseCurrency: 'XYZ' }, 'profile.baseCurrency'],
      [{ firstName: 'X', username: 'ok_name2', timeZone: 'Mars/Olympus' }, 'profile.timeZone'],
      [{ firstName: '  ', username: 'ok_name3' }, 'profile.firstName'],
      [{ firstName: 'X', username: 'a!' }, 'profile.username'],
      [{ firstName: 'X', username: taken.identity.username.toUpperCase() }, 'profile.username'],
    ];
    const { email } = newIdentity('valid');
    await request(email);
    const code = await stack.latestCode(email);
    for (const [profile, field] of cases) {
      const result = await verify(email, code, profile);
      expect(result.errors?.[0]?.extensions, field).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    // None of the refusals used the code up
    expect(
      (await verify(email, code, { firstName: 'X', username: 'ok_name9' })).errors,
    ).toBeUndefined();
    const malformed = await verify(email, '12ab');
    expect(malformed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'code',
    });
  });

  it('throttles one client address with @rateLimit on requestOtp', async () => {
    const address = newClientAddress();
    for (let i = 0; i < 10; i++) {
      expect((await request(newIdentity('addr').email, address)).errors).toBeUndefined();
    }
    const throttled = await request(newIdentity('addr').email, address);
    expect(throttled.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(throttled.errors?.[0]?.extensions?.['retryAfterSeconds']).toBeGreaterThan(0);
    // Another address is not affected
    expect((await request(newIdentity('addr').email, newClientAddress())).errors).toBeUndefined();
  });

  it('throttles one client address on verifyOtp', async () => {
    const address = newClientAddress();
    const { email } = newIdentity('vaddr');
    const attempt = () =>
      server.gql(VERIFY_OTP, { email, code: '123456' }, { clientAddress: address });
    for (let i = 0; i < 30; i++)
      expect((await attempt()).errors?.[0]?.extensions?.['code']).not.toBe('RATE_LIMITED');
    expect((await attempt()).errors?.[0]?.extensions?.['code']).toBe('RATE_LIMITED');
  });
});
