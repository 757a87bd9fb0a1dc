// The chat's own settings, read from process.env through zod (the kit reads the common ones).
import { z } from 'zod';

const optional = z.string().trim().transform((v) => (v === '' ? undefined : v)).optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const chatEnvSchema = z.object({
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: positiveInt(5_000),
  CHAT_RATE_LIMIT_PER_MINUTE: positiveInt(30),
  CHAT_MONTHLY_TOKEN_ALLOWANCE: z.coerce.number().int().nonnegative().default(200_000),
});

export interface OpenAiConfig {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
}

export interface ChatConfig {
  /** Null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the built-in parser only. */
  openai: OpenAiConfig | null;
  rateLimitPerMinute: number;
  monthlyTokenAllowance: number;
}

export function readChatConfig(env: Record<string, string | undefined> = process.env): ChatConfig {
  const e = chatEnvSchema.parse(env);
  const configured = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  return {
    openai: configured ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL, timeoutMs: e.OPENAI_TIMEOUT_MS } : null,
    rateLimitPerMinute: e.CHAT_RATE_LIMIT_PER_MINUTE,
    monthlyTokenAllowance: e.CHAT_MONTHLY_TOKEN_ALLOWANCE,
  };
}
