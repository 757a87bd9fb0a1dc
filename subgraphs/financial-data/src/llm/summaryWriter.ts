// Writes a month's summary with the model, once per (user, month, facts): answers are kept (the
// least recently used dropped first), and a call in flight is shared, so asking again spends no tokens. Any failure
// (timeout, HTTP error, empty answer) is SUMMARY_UNAVAILABLE and is not kept.
import type { Logger } from '@expensio/events';
import { createOpenAiClient, createSharedResults, openAiCallOptions, openAiFailureOf, summaryUnavailable, type OpenAiConfig } from '@expensio/kit';
import type { SummaryPrompt } from '../domain/summaryPrompt.ts';

export interface WrittenSummary {
  readonly text: string;
  readonly model: string;
  readonly generatedAt: Date;
}

export interface SummaryWriter {
  write(userId: string, month: string, prompt: SummaryPrompt): Promise<WrittenSummary>;
  /** Drops a user's answers (account deletion). */
  forget(userId: string): void;
}

export interface SummaryWriterOptions {
  log: Logger;
  /** Answers kept. Default: 5,000. */
  cacheSize?: number;
  /** Stamps `generatedAt`. Default: the system clock. */
  now?: () => Date;
}

class EmptyAnswerError extends Error {
  override readonly name = 'EmptyAnswerError';
}

export function createSummaryWriter(config: OpenAiConfig, { log, cacheSize = 5_000, now = () => new Date() }: SummaryWriterOptions): SummaryWriter {
  const client = createOpenAiClient(config);
  const answers = createSharedResults({ maxKeys: cacheSize });

  async function ask(prompt: SummaryPrompt): Promise<WrittenSummary> {
    const started = Date.now();
    try {
      const response = await client.chat.completions.create(
        {
          model: config.model,
          temperature: 0,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
        },
        openAiCallOptions(config),
      );
      const text = response.choices[0]?.message.content?.trim();
      if (!text) throw new EmptyAnswerError();
      return { text: prompt.restore(text), model: config.model, generatedAt: now() };
    } catch (err) {
      // Only the kind of failure: the prompt and the key stay out of the log.
      log.warn({ ...openAiFailureOf(err), ms: Date.now() - started }, 'insight summary failed');
      throw summaryUnavailable();
    }
  }

  return {
    write: (userId, month, prompt) => answers.get(`${userId}|${month}|${prompt.hash}`, () => ask(prompt)),
    forget(userId) {
      for (const key of [...answers.keys()]) if (key.startsWith(`${userId}|`)) answers.delete(key);
    },
  };
}
