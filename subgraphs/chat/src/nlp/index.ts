// The built-in parser of chat messages: the public surface of src/nlp.
export { parseTransaction, MAX_MESSAGE_LENGTH, DEFAULT_BASE_CURRENCY } from './parseTransaction.ts';
export { learnFromCorrection, contentWords, MAX_LEARNED_WORDS } from './learned.ts';
export type { LearnedCategories } from './learned.ts';
export type { Money } from './money.ts';
export type { Period } from './periods.ts';
export { CHAT_INTENTS, QUERY_METRICS } from './types.ts';
export type {
  ChatIntent,
  Correction,
  FinanceQuery,
  ParseOptions,
  ParseResult,
  ParsedTransaction,
  QueryMetric,
  TransactionKind,
} from './types.ts';
