// The model's tool call, validated with zod and mapped to the ParseResult the built-in parser
// returns. The model only chooses: intent, fields, and for a question the query and a period phrase;
// amounts become integer minor units here, and an amount is accepted only when the message itself
// shows it (its digits are in the text, or the built-in parser read the same amount), so a model can
// never invent one. Dates and periods are computed on the user's calendar by our own code.
import {
  COGNITIVE_TRIGGERS,
  decimalToMinorUnits,
  EXPENSE_CATEGORY_CODES,
  EXPENSE_TYPES,
  INCOME_CATEGORY_CODES,
  INCOME_TYPES,
  isCurrencyCode,
  MOODS,
  PAYMENT_METHODS,
} from '@expensio/events';
import { z } from 'zod';
import { noonOf, todayIn } from '../nlp/calendar.ts';
import { findPeriod } from '../nlp/periods.ts';
import { CHAT_INTENTS, QUERY_METRICS, type Correction, type ParseOptions, type ParseResult, type ParsedTransaction } from '../nlp/types.ts';
import type { Money } from '../nlp/money.ts';

export const TOOL_NAME = 'interpret_message';

const CATEGORY_CODES = [...EXPENSE_CATEGORY_CODES, ...INCOME_CATEGORY_CODES] as [string, ...string[]];
const decimal = z.string().regex(/^\d{1,12}(?:\.\d{1,3})?$/, 'a positive decimal such as "12.50"');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const currency = z.string().refine(isCurrencyCode, 'an ISO 4217 code');

const transactionArgs = z.strictObject({
  kind: z.enum(['expense', 'income']),
  title: z.string().trim().min(1).max(120).nullable(),
  amount: decimal.nullable().describe('The amount exactly as the message states it, in major units; null when the message states none'),
  currency: currency.nullable().describe('ISO 4217; null when the message names none'),
  categoryCode: z.enum(CATEGORY_CODES),
  mood: z.enum(MOODS).nullable(),
  cognitiveTriggers: z.array(z.enum(COGNITIVE_TRIGGERS)).max(8),
  expenseType: z.enum(EXPENSE_TYPES).nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  incomeType: z.enum(INCOME_TYPES).nullable(),
  date: day.nullable().describe('The local date the message states (YYYY-MM-DD); null when none'),
});

const queryArgs = z.strictObject({
  metric: z.enum(QUERY_METRICS),
  kind: z.enum(['expense', 'income', 'both']),
  categoryCode: z.enum(CATEGORY_CODES).nullable(),
  mood: z.enum(MOODS).nullable(),
  trigger: z.enum(COGNITIVE_TRIGGERS).nullable(),
  period: z.string().max(60).describe('The period in plain words: "this month", "last month", "last week", "in March", "yesterday", "this year"'),
});

const correctionArgs = z.strictObject({
  amount: decimal.nullable(),
  currency: currency.nullable(),
  categoryCode: z.enum(CATEGORY_CODES).nullable(),
  kind: z.enum(['expense', 'income']).nullable(),
  mood: z.enum(MOODS).nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  title: z.string().trim().min(1).max(120).nullable(),
  date: day.nullable(),
});

export const toolArgsSchema = z.strictObject({
  intent: z.enum(CHAT_INTENTS),
  transactions: z.array(transactionArgs).max(20).describe('Only for ADD_TRANSACTION'),
  query: queryArgs.nullable().describe('Only for QUERY and SUMMARY'),
  correction: correctionArgs.nullable().describe('Only for CORRECT'),
});
export type ToolArgs = z.infer<typeof toolArgsSchema>;

/** The tool's JSON schema, for `tools[].function.parameters`. */
export const toolParameters = z.toJSONSchema(toolArgsSchema) as Record<string, unknown>;

export class ToolArgsError extends Error {
  override readonly name = 'ToolArgsError';
}

/** Parses the raw `arguments` string of a tool call; throws ToolArgsError (never with the message text). */
export function parseToolArgs(raw: string): ToolArgs {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ToolArgsError('tool arguments are not JSON');
  }
  const res = toolArgsSchema.safeParse(json);
  if (!res.success) throw new ToolArgsError(`tool arguments rejected: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`).join('; ')}`);
  return res.data;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * Minor units of an amount the model read, or null when the message does not show it: its
 * significant digits must be in the message's digits, or the built-in parser must have read the
 * same amount ("twenty dollars").
 */
export function groundedAmount(amount: string | null, currencyCode: string | null, text: string, options: ParseOptions, builtIn: readonly Money[]): Money | null {
  if (amount === null) return null;
  const cur = (currencyCode ?? options.baseCurrency ?? 'USD').toUpperCase();
  let minor: number;
  try {
    minor = decimalToMinorUnits(amount, cur);
  } catch {
    return null;
  }
  if (minor <= 0) return null;
  const [whole = '', fraction = ''] = amount.split('.');
  const significant = whole.replace(/^0+/, '') + fraction.replace(/0+$/, '');
  const inText = significant.length > 0 && digitsOf(text).includes(significant.replace(/^0+/, ''));
  const readByParser = builtIn.some((m) => m.minor === minor && m.currency === cur);
  return inText || readByParser ? { minor, currency: cur } : null;
}

function dateOf(date: string | null, options: ParseOptions): { occurredAt: Date; dateStated: boolean } {
  if (!date) return { occurredAt: options.now, dateStated: false };
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const local = { year: y, month: m, day: d };
  const today = todayIn(options.now, options.timeZone);
  if (local.year === today.year && local.month === today.month && local.day === today.day) return { occurredAt: options.now, dateStated: true };
  const at = noonOf(local, options.timeZone);
  // A future or impossible date is not believed.
  if (Number.isNaN(at.getTime()) || at.getTime() > options.now.getTime()) return { occurredAt: options.now, dateStated: false };
  return { occurredAt: at, dateStated: true };
}

const INCOME_CODES = new Set<string>(INCOME_CATEGORY_CODES);

/** The validated tool arguments as the same ParseResult the built-in parser returns. */
export function toParseResult(args: ToolArgs, text: string, options: ParseOptions, builtIn: ParseResult): ParseResult {
  const builtInAmounts = [
    ...builtIn.transactions.flatMap((t) => (t.amount ? [t.amount] : [])),
    ...(builtIn.correction?.amount ? [builtIn.correction.amount] : []),
  ];
  switch (args.intent) {
    case 'ADD_TRANSACTION': {
      const transactions = args.transactions.map((t): ParsedTransaction => {
        const income = t.kind === 'income';
        const categoryCode = income === INCOME_CODES.has(t.categoryCode) ? t.categoryCode : income ? 'miscellaneousIncome' : 'miscellaneous';
        const amount = groundedAmount(t.amount, t.currency, text, options, builtInAmounts);
        const stated = [amount, t.title, t.mood, t.paymentMethod, t.date].filter((v) => v !== null).length;
        return {
          kind: t.kind,
          title: t.title,
          amount,
          categoryCode,
          mood: t.mood,
          cognitiveTriggers: income ? [] : [...new Set(t.cognitiveTriggers)],
          expenseType: income ? null : t.expenseType,
          paymentMethod: t.paymentMethod,
          incomeType: income ? t.incomeType : null,
          ...dateOf(t.date, options),
          confidence: amount ? Math.min(1, 0.5 + stated * 0.1) : 0.3,
        };
      });
      return { intent: args.intent, transactions };
    }
    case 'CORRECT': {
      const c = args.correction;
      if (!c) return { intent: args.intent, transactions: [], correction: {} };
      const amount = groundedAmount(c.amount, c.currency, text, options, builtInAmounts);
      const date = c.date ? dateOf(c.date, options) : null;
      const correction: Correction = {
        ...(amount ? { amount } : {}),
        ...(c.categoryCode ? { categoryCode: c.categoryCode } : {}),
        ...(date?.dateStated ? { occurredAt: date.occurredAt } : {}),
        ...(c.kind ? { kind: c.kind } : {}),
        ...(c.mood ? { mood: c.mood } : {}),
        ...(c.paymentMethod ? { paymentMethod: c.paymentMethod } : {}),
        ...(c.title ? { title: c.title } : {}),
      };
      return { intent: args.intent, transactions: [], correction };
    }
    case 'QUERY':
    case 'SUMMARY': {
      const q = args.query;
      const period = findPeriod((q?.period ?? '').toLowerCase(), options.now, options.timeZone);
      if (args.intent === 'SUMMARY' || !q) {
        return { intent: args.intent === 'QUERY' && !q ? 'SUMMARY' : args.intent, transactions: [], query: { metric: 'summary', kind: 'both', categoryCode: null, mood: null, trigger: null, period } };
      }
      return { intent: args.intent, transactions: [], query: { metric: q.metric, kind: q.kind, categoryCode: q.categoryCode, mood: q.mood, trigger: q.trigger, period } };
    }
    default:
      return { intent: args.intent, transactions: [] };
  }
}
