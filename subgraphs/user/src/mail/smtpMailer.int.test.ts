import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUserTestStack,
  newIdentity,
  REQUEST_OTP,
  VERIFY_OTP,
} from '../testing/userTestStack.ts';
import type { AuthPayloadResult, UserTestStack } from '../testing/userTestStack.ts';
import { createSmtpMailer } from './smtpMailer.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

describe('sign-in codes through a real SMTP server', () => {
  let stack: UserTestStack;
  let smtp: SMTPServer;
  let port: number;
  const received: Received[] = [];

  beforeAll(async () => {
    stack = await createUserTestStack('smtp');
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'mailer' && auth.password === 's3cret')
          callback(null, { user: auth.username });
        else callback(new Error('bad credentials'));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await stack?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it('mails the code over SMTP (with auth) and the code signs the user up', async () => {
    const mailer = createSmtpMailer({
      url: `smtp://mailer:s3cret@127.0.0.1:${port}`,
      from: 'Expensio <no-reply@expensio.test>',
    });
    const server = await stack.startServer({ mailer });
    const { email, username } = newIdentity('smtp');

    const sent = await server.gql(REQUEST_OTP, { email });
    expect(sent.errors).toBeUndefined();
    const mail = received.find((m) => m.to.includes(email));
    expect(mail).toMatchObject({ from: 'no-reply@expensio.test', user: 'mailer' });
    expect(mail?.raw).toMatch(/Subject: Your Expensio sign-in code/);
    const code = /code is (\d{6})/.exec(mail?.raw ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(server.logText()).not.toContain(code!);
    expect(await stack.mails(email)).toEqual([]); // nothing went to the development mailbox

    const verified = await server.gql<AuthPayloadResult>(VERIFY_OTP, {
      email,
      code,
      profile: { firstName: 'Sam', username },
    });
    expect(verified.data?.verifyOtp.isNewUser).toBe(true);
    await mailer.close();
  });

  it('answers SERVICE_UNAVAILABLE when SMTP refuses, without leaking the cause', async () => {
    const mailer = createSmtpMailer({
      url: `smtp://mailer:wrong@127.0.0.1:${port}`,
      from: 'Expensio <no-reply@expensio.test>',
    });
    const server = await stack.startServer({ mailer });
    const result = await server.gql(REQUEST_OTP, { email: newIdentity('smtpfail').email });
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(server.logLines.some((l) => l['msg'] === 'could not send a sign-in code')).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/credentials|s3cret|wrong/);
    await mailer.close();
  });
});
