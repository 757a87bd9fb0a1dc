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
    expect(out.lines[0]).toMatchObject({ service: 'expense', msg: 'shown', expenseId: 'e1', level: 40 });
  });

  it('redacts secrets at the top level and nested one and two levels deep', () => {
    const out = capture();
    const log = createLogger({ service: 'user', destination: out.stream });
    log.info(
      {
        password: 'pw-top',
        token: 'tok-top',
        code: '123456',
        input: { email: 'a@example.com', otp: '654321', code: '111222', password: 'pw-nested' },
        session: { accessToken: 'at-1', refreshToken: 'rt-1' },
        req: { method: 'POST', headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=s3cr3t', host: 'x' } },
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

  it('does not add redacted keys that were absent', () => {
    const out = capture();
    createLogger({ service: 'user', destination: out.stream }).info({ req: { method: 'GET' } }, 'plain');
    expect(out.lines[0]?.['req']).toEqual({ method: 'GET' });
  });

  it('keeps an error code visible as errorCode while redacting other codes', () => {
    const out = capture();
    const log = createLogger({ service: 'user', destination: out.stream });
    const error = Object.assign(new Error('connect refused'), { code: 'ECONNREFUSED' });
    log.error({ err: error, attempt: { code: '999000' } }, 'db down');
    expect(out.lines[0]).toMatchObject({
      err: { message: 'connect refused', errorCode: 'ECONNREFUSED' },
      attempt: { code: REDACTED },
    });
  });
});
