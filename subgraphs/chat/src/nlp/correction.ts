// What "actually it was 300", "make that food", "no, it was 45 euros", "change the date to
// yesterday" change. Only what the message states is set. With two amounts ("12.50 not 15"), the one
// not negated is the new value.

import { expenseCategoryHits, bestCategory, categoryNameHits } from './lexicon.ts';
import { learnedHits, type LearnedCategories } from './learned.ts';
import type { DateMention } from './dates.ts';
import type { MoneyMention } from './money.ts';
import { moodCues, moodOf, paymentCues, paymentOf } from './signals.ts';
import type { Correction } from './types.ts';

const NEGATED = /\b(?:not|instead of|rather than|wasn't|isn't)\s*$/;

export function buildCorrection(
  text: string,
  money: readonly MoneyMention[],
  dates: readonly DateMention[],
  occurredAtOf: (d: DateMention) => Date,
  learned: LearnedCategories | undefined,
): Correction {
  const out: { -readonly [K in keyof Correction]: Correction[K] } = {};
  const amounts = money.filter((m) => m.amount && !NEGATED.test(text.slice(Math.max(0, m.start - 14), m.start)));
  if (amounts[0]?.amount) out.amount = amounts[0].amount;
  if (dates[0]) out.occurredAt = occurredAtOf(dates[0]);
  const outside = (s: { start: number; end: number }) => !money.some((m) => m.start < s.end && s.start < m.end);
  const hits = [...learnedHits(learned, text), ...categoryNameHits(text).map((h) => ({ ...h, start: h.match.start, end: h.match.end }))].filter(outside);
  const best = bestCategory(hits) ?? bestCategory(expenseCategoryHits(text));
  if (best) out.categoryCode = best.code;
  if (/\b(?:it was|it's|make it|that was) (?:an? )?income\b|\bnot an expense\b/.test(text)) out.kind = 'income';
  else if (/\b(?:it was|it's|make it|that was) (?:an? )?expense\b|\bnot (?:an? )?income\b/.test(text)) out.kind = 'expense';
  const mood = moodOf(moodCues(text));
  if (mood) out.mood = mood;
  const payment = paymentOf(paymentCues(text));
  if (payment) out.paymentMethod = payment;
  const title = /\b(?:call it|title(?: it)?|name it|rename it(?: to)?)\s+["']?([^"']+?)["']?$/.exec(text)?.[1];
  if (title) out.title = title;
  return out;
}
