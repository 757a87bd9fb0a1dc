import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError, baseEnv, envVar, loadConfig, parseConfig } from './config.ts';

const schema = z.object({
  ...baseEnv({ service: 'expense', port: 4002 }),
  KAFKA_BROKERS: envVar.kafkaBrokers(),
  MONGODB_URI: envVar.mongodbUri(),
  DATABASE_URL: envVar.databaseUrl('postgres://127.0.0.1:5432/expensio_user'),
});

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(parseConfig(schema, {})).toEqual({
      SERVICE_NAME: 'expense',
      PORT: 4002,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      MONGODB_URI: 'mongodb://127.0.0.1:27017',
      DATABASE_URL: 'postgres://127.0.0.1:5432/expensio_user',
    });
  });

  it('parses given values into their types and ignores unrelated variables', () => {
    const config = parseConfig(schema, {
      PORT: '8080',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'production',
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      MONGODB_URI: 'mongodb://a:27017,b:27017/expensio?replicaSet=rs0',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/expensio_user',
      HOME: '/root',
    });
    expect(config).toMatchObject({ PORT: 8080, LOG_LEVEL: 'debug', NODE_ENV: 'production' });
    expect(config.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9093']);
    expect(config).not.toHaveProperty('HOME');
  });

  it('names the bad variable, the rule and the value in one line', () => {
    const error = errorOf(() => parseConfig(schema, { PORT: 'abc' }));
    expect(error.message).toBe(
      'config error: PORT must be a number between 1 and 65535 (got "abc")',
    );
    expect(error.variables).toEqual(['PORT']);
  });

  it.each([
    ['PORT', '70000', 'must be a number between 1 and 65535'],
    ['LOG_LEVEL', 'loud', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    ['NODE_ENV', 'staging', 'must be one of development, test, production'],
    ['KAFKA_BROKERS', 'k1:9092,nope', 'must be a comma-separated list of host:port'],
    ['MONGODB_URI', 'http://127.0.0.1:27017', 'must be a mongodb:// or mongodb+srv:// URL'],
    ['DATABASE_URL', 'not a url', 'must be a postgres:// or postgresql:// URL'],
    ['SERVICE_NAME', 'Expense Service', 'must be lower-case letters, digits and -'],
  ])('rejects %s=%s and names only that variable', (name, value, rule) => {
    const error = errorOf(() => parseConfig(schema, { [name]: value }));
    expect(error.variables).toEqual([name]);
    expect(error.message).toContain(`${name} ${rule}`);
    expect(error.message.split('\n')).toHaveLength(1);
    const otherNames = Object.keys(schema.shape).filter(
      (other) => other !== name && !name.includes(other),
    );
    for (const other of otherNames) expect(error.message).not.toContain(other);
  });

  it('lists several bad variables on the same line', () => {
    const error = errorOf(() => parseConfig(schema, { PORT: '0', NODE_ENV: 'prod' }));
    expect(error.variables).toEqual(['PORT', 'NODE_ENV']);
    expect(error.message).toMatch(/^config error: PORT .*; NODE_ENV .*$/);
  });

  it('says a required variable is missing without inventing a value', () => {
    const required = z.object({ DATABASE_URL: envVar.databaseUrl(), PORT: envVar.port() });
    expect(errorOf(() => parseConfig(required, {})).message).toBe(
      'config error: DATABASE_URL is required; PORT is required',
    );
  });

  it('never echoes credentials or secret values', () => {
    const secretSchema = z.object({
      DATABASE_URL: envVar.databaseUrl(),
      OPENAI_API_KEY: z.string().min(20),
    });
    const error = errorOf(() =>
      parseConfig(secretSchema, {
        DATABASE_URL: 'mysql://admin:hunter2@db:3306/x',
        OPENAI_API_KEY: 'sk-short',
      }),
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('sk-short');
    expect(error.message).toContain(
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://***@db:3306/x")',
    );
    expect(error.message).toContain('OPENAI_API_KEY must be at least 20 characters (value hidden)');
  });

  it('validates a generic URL variable with the URL parser', () => {
    const urlSchema = z.object({ OPENAI_BASE_URL: envVar.url({ protocols: ['http:', 'https:'] }) });
    expect(
      parseConfig(urlSchema, { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }).OPENAI_BASE_URL,
    ).toBe('http://127.0.0.1:8000/v1');
    expect(
      errorOf(() => parseConfig(urlSchema, { OPENAI_BASE_URL: 'localhost:8000' })).variables,
    ).toEqual(['OPENAI_BASE_URL']);
  });
});

describe('loadConfig', () => {
  it('hands the ConfigError to onError instead of returning a config', () => {
    const onError = vi.fn((error: ConfigError): never => {
      throw error;
    });
    expect(() => loadConfig(schema, { LOG_LEVEL: 'loud' }, { onError })).toThrow(ConfigError);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0].variables).toEqual(['LOG_LEVEL']);
  });

  it('prints the line to stderr and exits with code 1 by default', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    try {
      expect(() => loadConfig(schema, { PORT: 'abc' })).toThrow('exit 1');
      expect(stderr).toHaveBeenCalledWith(
        'config error: PORT must be a number between 1 and 65535 (got "abc")\n',
      );
    } finally {
      stderr.mockRestore();
      exit.mockRestore();
    }
  });
});
