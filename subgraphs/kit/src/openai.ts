// OpenAI, or any OpenAI-compatible server, for the subgraphs that call a model: the variables, the
// config they give and the client, so every caller has the same settings and failure behaviour.
import OpenAI from 'openai';
import { z } from 'zod';

const optional = z.string().trim().transform((v) => (v === '' ? undefined : v)).optional();

/**
 * The OpenAI variables, to spread into a service's schema: `z.object({ ...openAiEnv, ... })`.
 * - `OPENAI_API_KEY`: unset by default; setting it turns the model on.
 * - `OPENAI_BASE_URL`: an OpenAI-compatible server (default: OpenAI's); setting it turns the model on too.
 * - `OPENAI_MODEL`: default `gpt-4o-mini`.
 * - `OPENAI_TIMEOUT_MS`: per call, default 5000; calls are never retried.
 */
export const openAiEnv = {
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
};
export type OpenAiEnv = z.output<z.ZodObject<typeof openAiEnv>>;

export interface OpenAiConfig {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
}

/** Null when neither `OPENAI_API_KEY` nor `OPENAI_BASE_URL` is set: the service runs without a model. */
export function openAiConfigOf(env: OpenAiEnv): OpenAiConfig | null {
  if (env.OPENAI_API_KEY === undefined && env.OPENAI_BASE_URL === undefined) return null;
  return { apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_MODEL, timeoutMs: env.OPENAI_TIMEOUT_MS };
}

export function createOpenAiClient(config: OpenAiConfig): OpenAI {
  // A local server needs no key, but the client refuses to start without one.
  return new OpenAI({ apiKey: config.apiKey ?? 'not-needed', baseURL: config.baseURL, maxRetries: 0, timeout: config.timeoutMs });
}

/** Per-call options: no retries, and the timeout also as a signal, so it covers reading the body. */
export function openAiCallOptions(config: OpenAiConfig) {
  return { timeout: config.timeoutMs, maxRetries: 0, signal: AbortSignal.timeout(config.timeoutMs) };
}

/**
 * What kind of failure a call was, for a log line: the error's name and HTTP status, never its
 * message (a server may echo the prompt or the key back in it).
 */
export function openAiFailureOf(err: unknown): { reason: string; status: number | undefined } {
  if (!(err instanceof Error)) return { reason: 'Error', status: undefined };
  // The client's errors keep name "Error"; their class says what happened (APIConnectionTimeoutError, ...).
  const reason = err.name !== 'Error' ? err.name : err.constructor.name;
  const status = (err as { status?: unknown }).status;
  return { reason, status: typeof status === 'number' ? status : undefined };
}
