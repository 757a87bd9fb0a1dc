import type { ConfigError } from '@expensio/kit';
import { parseConfig } from '@expensio/kit';
import { describe, expect, it } from 'vitest';
import { userEnvSchema } from './config.ts';

describe('user subgraph config', () => {
  it('has working defaults', () => {
    const config = parseConfig(userEnvSchema, {});
    expect(config).toMatchObject({
      PORT: 4001,
      DATABASE_URL: 'postgres://expensio@127.0.0.1:5432/expensio_user',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      OTP_TTL_SECONDS: 600,
      OTP_MAX_REQUESTS: 3,
      OTP_REQUEST_WINDOW_SECONDS: 900,
      OTP_REQUEST_LOCK_SECONDS: 1800,
      OTP_MAX_GUESSES_PER_CODE: 5,
      OTP_MAX_WRONG_GUESSES: 10,
      OTP_WRONG_GUESS_WINDOW_SECONDS: 3600,
      ACCESS_TOKEN_TTL_SECONDS: 900,
      DELETION_PARTICIPANTS: ['expense'],
    });
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.EXPENSIO_STATE_DIR).toMatch(/\.expensio$/);
  });

  it('names the bad variable', () => {
    const fails = (env: Record<string, string>) => {
      try {
        parseConfig(userEnvSchema, env);
      } catch (error) {
        return (error as ConfigError).variables;
      }
      return [];
    };
    expect(fails({ OTP_MAX_REQUESTS: '0' })).toEqual(['OTP_MAX_REQUESTS']);
    expect(fails({ SMTP_URL: 'http://mail' })).toEqual(['SMTP_URL']);
    expect(fails({ DELETION_PARTICIPANTS: 'expense,user' })).toEqual(['DELETION_PARTICIPANTS']);
    expect(fails({ OTP_SECRET: 'short' })).toEqual(['OTP_SECRET']);
  });

  it('reads participants as a comma list without duplicates', () => {
    expect(
      parseConfig(userEnvSchema, { DELETION_PARTICIPANTS: 'income, expense,income' })
        .DELETION_PARTICIPANTS,
    ).toEqual(['income', 'expense']);
    expect(
      parseConfig(userEnvSchema, { DELETION_PARTICIPANTS: 'expense,income,financial-data' })
        .DELETION_PARTICIPANTS,
    ).toEqual(['expense', 'income', 'financial-data']);
  });
});
