import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from './config.ts';
import { openAiConfigOf, openAiEnv, openAiFailureOf } from './openai.ts';

const schema = z.object(openAiEnv);

describe('openai config', () => {
  it('given neither a key nor a base URL, then there is no model', () => {
    expect(openAiConfigOf(parseConfig(schema, { OPENAI_API_KEY: ' ', OPENAI_MODEL: 'm' }))).toBeNull();
  });

  it('given a base URL alone, then the model is on with the documented defaults', () => {
    expect(openAiConfigOf(parseConfig(schema, { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }))).toEqual({
      apiKey: undefined,
      baseURL: 'http://127.0.0.1:8000/v1',
      model: 'gpt-4o-mini',
      timeoutMs: 5_000,
    });
  });

  it('given a bad value, then the variable is named and a key is never echoed', () => {
    expect(() => parseConfig(schema, { OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => parseConfig(schema, { OPENAI_TIMEOUT_MS: '-1', OPENAI_API_KEY: 'sk-secret' })).toThrow(/^config error: OPENAI_TIMEOUT_MS /);
    expect(() => parseConfig(schema, { OPENAI_API_KEY: 42 as never })).toThrow(/OPENAI_API_KEY .*\(value hidden\)/);
  });

  it('describes a failure by name and status only', () => {
    expect(openAiFailureOf(Object.assign(new Error('prompt echoed'), { name: 'InternalServerError', status: 500 }))).toEqual({ reason: 'InternalServerError', status: 500 });
    expect(openAiFailureOf(new (class APIConnectionTimeoutError extends Error {})('timed out'))).toEqual({ reason: 'APIConnectionTimeoutError', status: undefined });
    expect(openAiFailureOf('boom')).toEqual({ reason: 'Error', status: undefined });
  });
});
