// Intent and extraction by OpenAI tool calling. One tool, its parameters the JSON schema of
// toolArgsSchema; the arguments are validated with zod whatever the server claims about `strict`.
// Any failure (timeout, HTTP error, no tool call, invalid arguments) returns `result: null`, and the
// caller uses the built-in parser; tokens the call used are reported either way, to be metered.
import type { Logger } from '@expensio/events';
import { createOpenAiClient, openAiCallOptions, openAiFailureOf, type OpenAiConfig } from '@expensio/kit';
import type { ParseOptions, ParseResult } from '../nlp/types.ts';
import { parseToolArgs, TOOL_NAME, toolParameters, toParseResult } from './toolArgs.ts';

export interface Interpretation {
  result: ParseResult | null;
  tokens: number;
}

export interface Interpreter {
  interpret(text: string, options: ParseOptions, builtIn: ParseResult): Promise<Interpretation>;
}

const SYSTEM = [
  'You read one message of a personal finance chat and call the tool once.',
  'Intents: ADD_TRANSACTION (the user spent or earned money), QUERY (a question about their money), SUMMARY, CONFIRM, CANCEL, UNDO, CORRECT (changes the transaction just previewed), HELP, SMALL_TALK, UNKNOWN.',
  'Amounts: copy them exactly as written, in major units ("12.50"); when the message gives no amount, use null. Never guess an amount.',
  'Dates: YYYY-MM-DD relative to the given today, or null. Leave fields null when the message does not say.',
  'For a question, choose the metric, filters and the period in plain words; do not compute any figure.',
].join('\n');

export function createOpenAiInterpreter(config: OpenAiConfig, log: Logger): Interpreter {
  const client = createOpenAiClient(config);
  return {
    async interpret(text, options, builtIn) {
      const started = Date.now();
      let tokens = 0;
      try {
        const today = new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(options.now);
        const response = await client.chat.completions.create(
          {
            model: config.model,
            temperature: 0,
            messages: [
              { role: 'system', content: `${SYSTEM}\nToday is ${today}; the user's currency is ${options.baseCurrency ?? 'USD'}.` },
              { role: 'user', content: text },
            ],
            tools: [{ type: 'function', function: { name: TOOL_NAME, description: 'Record what the message means', parameters: toolParameters } }],
            tool_choice: { type: 'function', function: { name: TOOL_NAME } },
          },
          openAiCallOptions(config),
        );
        tokens = response.usage?.total_tokens ?? 0;
        const call = response.choices[0]?.message.tool_calls?.find((c) => c.type === 'function' && c.function.name === TOOL_NAME);
        if (!call || call.type !== 'function') throw new Error('the model made no tool call');
        return { result: toParseResult(parseToolArgs(call.function.arguments), text, options, builtIn), tokens };
      } catch (err) {
        // Neither the message nor the key goes to the log: only what kind of failure it was.
        const { reason, status } = openAiFailureOf(err);
        log.warn({ reason: reason === 'ToolArgsError' ? (err as Error).message : reason, status, ms: Date.now() - started }, 'openai interpretation failed; using the built-in parser');
        return { result: null, tokens };
      }
    },
  };
}
