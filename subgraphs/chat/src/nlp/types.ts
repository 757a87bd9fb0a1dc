// The shapes the parser returns. Field values are the domain codes of @expensio/events ("expense",
// "food", "regretful", "credit_card"), which the GraphQL layer maps to its SCREAMING_SNAKE enums at
// the edge, as every subgraph does. The intent is the one exception: it has no domain form, so it is
// the GraphQL ChatIntent name itself (API.md), and the resolver passes it through unchanged.

import type { CognitiveTrigger, ExpenseType, IncomeType, Mood, PaymentMethod } from '@expensio/events';
import type { LearnedCategories } from './learned.ts';
import type { Money } from './money.ts';
import type { Period } from './periods.ts';

export const CHAT_INTENTS = ['ADD_TRANSACTION', 'QUERY', 'SUMMARY', 'CONFIRM', 'CANCEL', 'UNDO', 'CORRECT', 'HELP', 'SMALL_TALK', 'UNKNOWN'] as const;
export type ChatIntent = (typeof CHAT_INTENTS)[number];

export type TransactionKind = 'expense' | 'income';

export interface ParsedTransaction {
  readonly kind: TransactionKind;
  /** A short description cut from the message ("Vet bill for Max"); null when nothing is left. */
  readonly title: string | null;
  /** Null when the message gives no single amount: the parser never invents one. */
  readonly amount: Money | null;
  /** An expense or income category code; "miscellaneous" / "miscellaneousIncome" when no word says. */
  readonly categoryCode: string;
  readonly mood: Mood | null;
  /** Always empty for incomes. */
  readonly cognitiveTriggers: readonly CognitiveTrigger[];
  /** Null for incomes and where neither the words nor the category say. */
  readonly expenseType: ExpenseType | null;
  /** Null when the message does not say how it was paid (the caller may store "unknown"). */
  readonly paymentMethod: PaymentMethod | null;
  /** Null for expenses. */
  readonly incomeType: IncomeType | null;
  /** `now` when no date is written or the date is today; local noon of a written day otherwise. */
  readonly occurredAt: Date;
  /** A date was written for it (false: occurredAt is the default, now). */
  readonly dateStated: boolean;
  /** 0..1, how much of the record the words stated rather than defaults (see confidence.ts). */
  readonly confidence: number;
}

/** What a CORRECT message changes in the transaction being previewed; only what it says is set. */
export interface Correction {
  readonly amount?: Money;
  readonly categoryCode?: string;
  readonly occurredAt?: Date;
  readonly kind?: TransactionKind;
  readonly mood?: Mood;
  readonly paymentMethod?: PaymentMethod;
  readonly title?: string;
}

export const QUERY_METRICS = ['totalSpent', 'totalEarned', 'net', 'count', 'average', 'list', 'topCategory', 'budgetStatus', 'summary'] as const;
export type QueryMetric = (typeof QUERY_METRICS)[number];

/** A question about the user's money, structured for the component that answers from the figures. */
export interface FinanceQuery {
  readonly metric: QueryMetric;
  /** Expenses, incomes, or both (net, summary). */
  readonly kind: TransactionKind | 'both';
  readonly categoryCode: string | null;
  readonly mood: Mood | null;
  readonly trigger: CognitiveTrigger | null;
  readonly period: Period;
}

export interface ParseResult {
  readonly intent: ChatIntent;
  /** Empty unless intent is ADD_TRANSACTION; several when the message lists several. */
  readonly transactions: readonly ParsedTransaction[];
  /** Set when intent is CORRECT. */
  readonly correction?: Correction;
  /** Set when intent is QUERY or SUMMARY. */
  readonly query?: FinanceQuery;
}

export interface ParseOptions {
  /** The instant "today", "yesterday" and "last Friday" are relative to. */
  readonly now: Date;
  /** The user's IANA zone: days and periods are the user's calendar days. */
  readonly timeZone: string;
  /** The currency of an amount written without one. Default "USD". */
  readonly baseCurrency?: string;
  /** The user's past corrections (see learnFromCorrection). Default none. */
  readonly learned?: LearnedCategories;
  /** "2/3" is 2 March (true, default) or February 3 (false). */
  readonly dayFirst?: boolean;
}
