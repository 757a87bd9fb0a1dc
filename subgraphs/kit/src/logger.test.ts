import { describe, expect, it } from 'vitest';
import type { DestinationStream } from 'pino';
import { REDACTED, createLogger } from './logger.ts';

/** A pino destination that keeps every line, parsed. */
function capture(): { stream: DestinationStream; lines: Record<string, unknown>[]; raw: string[] } {
  const raw: string[] = [];
  return {
    raw,
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    stream: { write: (line: string) => void raw.push(line) },
  };
}

describe('createLogger', () => {
  it('writes JSON lines with the service name and honours the level', () => {
    const out = capture();
    const log = createLogger({ service: 'expense', level: 'warn', destination: out.stream });
    log.info('hidden');
    log.warn({ expenseId: 'e1' }, 'shown');
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).toMatchObject({
      service: 'expense',
      msg: 'shown',
      expenseId: 'e1',
      level: 40,
    });
  });

  it('redacts secrets at the top level and nested', () => {
    const out = capture();
    const log = createLogger({ service: 'user', destination: out.stream });
    log.info(
      {
        password: 'pw-top',
        token: 'tok-top',
        code: '123456',
        input: { email: 'a@example.com', otp: '654321', code: '111222', password: 'pw-nested' },
        session: { accessToken: 'at-1', refreshToken: 'rt-1' },
        req: {
          method: 'POST',
          headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=s3cr3t', host: 'x' },
        },
        res: { headers: { 'set-cookie': 'sid=s3cr3t2' } },
        smtp: { auth: { secret: 'smtp-secret', password: 'smtp-pw' } },
        config: { DATABASE_URL: 'postgres://u:dbpass@h/db', OPENAI_API_KEY: 'sk-live' },
      },
      'login attempt',
    );
    const [line] = out.raw;
    for (const secret of [
      'pw-top',
      'tok-top',
      '123456',
      '654321',
      '111222',
      'pw-nested',
      'at-1',
      'rt-1',
      'abc.def.ghi',
      's3cr3t',
      'smtp-secret',
      'smtp-pw',
      'dbpass',
      'sk-live',
    ]) {
      expect(line).not.toContain(secret);
    }
    const [entry] = out.lines;
    expect(entry).toMatchObject({
      password: REDACTED,
      input: { email: 'a@example.com', otp: REDACTED },
      req: { method: 'POST', headers: { authorization: REDACTED, host: 'x' } },
      res: { headers: { 'set-cookie': REDACTED } },
    });
  });

  it('redacts at any depth, inside arrays and whatever the key case', () => {
    const out = capture();
    const log = createLogger({ service: 'user', destination: out.stream });
    log.info(
      { a: { b: { c: { d: { Authorization: 'Bearer s3cret-deep' } } } }, list: [{ otp: '1234' }] },
      'deep',
    );
    expect(out.raw[0]).not.toContain('s3cret-deep');
    expect(out.raw[0]).not.toContain('1234');
    expect(out.lines[0]).toMatchObject({
      a: { b: { c: { d: { Authorization: REDACTED } } } },
      list: [{ otp: REDACTED }],
    });
  });

  it('redacts the bindings of a child logger', () => {
    const out = capture();
    createLogger({ service: 'user', destination: out.stream })
      .child({ requestId: 'r1', token: 'child-token' })
      .info('from child');
    expect(out.raw[0]).not.toContain('child-token');
    expect(out.lines[0]).toMatchObject({ requestId: 'r1', token: REDACTED, service: 'user' });
  });

  it('does not add absent keys nor change the logged object', () => {
    const out = capture();
    const logged = { req: { method: 'GET', headers: { authorization: 'Bearer keep' } } };
    createLogger({ service: 'user', destination: out.stream }).info(logged, 'plain');
    expect(out.lines[0]?.['req']).toEqual({ method: 'GET', headers: { authorization: REDACTED } });
    expect(logged.req.headers.authorization).toBe('Bearer keep');
  });

  it('cuts cycles instead of failing', () => {
    const out = capture();
    const node: Record<string, unknown> = { name: 'loop' };
    node['self'] = node;
    createLogger({ service: 'user', destination: out.stream }).info({ node }, 'cycle');
    expect(out.lines[0]).toMatchObject({ node: { name: 'loop', self: '[Circular]' } });
  });

  it("keeps an error's type, message, stack and code, and redacts its secret fields", () => {
    const out = capture();
    const log = createLogger({ service: 'user', destination: out.stream });
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const error = Object.assign(new TypeError('upstream failed', { cause }), {
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: 'Bearer upstream-secret' } },
    });
    log.error({ err: error, attempt: { code: '999000' } }, 'db down');
    log.error(error);
    expect(out.raw.join('')).not.toContain('upstream-secret');
    expect(out.raw.join('')).not.toContain('999000');
    const expected = {
      type: 'TypeError',
      message: 'upstream failed',
      stack: expect.stringContaining('TypeError: upstream failed'),
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: REDACTED } },
      cause: { type: 'Error', message: 'socket hang up', code: 'ECONNRESET' },
    };
    expect(out.lines[0]).toMatchObject({ err: expected, attempt: { code: REDACTED } });
    expect(out.lines[1]).toMatchObject({ err: expected, msg: 'upstream failed' });
  });
});
