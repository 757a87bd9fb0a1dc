// The chat's own settings, read from process.env through zod; the OpenAI variables are the kit's.
import { openAiConfigOf, openAiEnv, type OpenAiConfig } from '@expensio/kit';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const chatEnvSchema = z.object({
  ...openAiEnv,
  CHAT_RATE_LIMIT_PER_MINUTE: positiveInt(30),
  CHAT_MONTHLY_TOKEN_ALLOWANCE: z.coerce.number().int().nonnegative().default(200_000),
});

export interface ChatConfig {
  /** Null when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: the built-in parser only. */
  openai: OpenAiConfig | null;
  rateLimitPerMinute: number;
  monthlyTokenAllowance: number;
}

export function readChatConfig(env: Record<string, string | undefined> = process.env): ChatConfig {
  const e = chatEnvSchema.parse(env);
  return {
    openai: openAiConfigOf(e),
    rateLimitPerMinute: e.CHAT_RATE_LIMIT_PER_MINUTE,
    monthlyTokenAllowance: e.CHAT_MONTHLY_TOKEN_ALLOWANCE,
  };
}
