// The built-in, offline understanding of a chat message: intent, and for ADD_TRANSACTION the
// transactions it describes. Pure and deterministic: the same text, options and `now` give the same
// result; nothing is downloaded, stored or logged.
//
// Pipeline: normalise -> dates (masked out, so "on the 3rd" is not 3 dollars) -> money -> intent ->
// per intent: split into one segment per amount and read each (kind, category, mood, triggers,
// payment, type, date, title, confidence); or a correction; or a structured query.

import { INCOME_CATEGORY_CODES } from '@expensio/events';
import { compareDates, noonOf, todayIn } from './calendar.ts';
import { confidenceOf } from './confidence.ts';
import { buildCorrection } from './correction.ts';
import { findDates, type DateMention } from './dates.ts';
import { incomeCategoryOf, incomeTypeOf, kindOf } from './income.ts';
import { classifyIntent } from './intents.ts';
import { learnedHits } from './learned.ts';
import { DEFAULT_EXPENSE_TYPE, bestCategory, expenseCategoryHits, isNecessityItem } from './lexicon.ts';
import { findMoney, type MoneyMention } from './money.ts';
import { buildQuery } from './query.ts';
import { splitSegments } from './segment.ts';
import { expenseTypeCues, moodCues, moodOf, paymentCues, paymentOf, triggerCues, triggersOf } from './signals.ts';
import { mask, normalize, type Span } from './text.ts';
import { makeTitle } from './title.ts';
import type { ParseOptions, ParseResult, ParsedTransaction } from './types.ts';

/** Longer messages are cut here: the chat limit (issue 8) is 2,000 characters. */
export const MAX_MESSAGE_LENGTH = 2_000;
export const DEFAULT_BASE_CURRENCY = 'USD';

const INCOME_CODES = new Set<string>(INCOME_CATEGORY_CODES);
const inside = (s: Span, seg: Span) => s.start >= seg.start && s.end <= seg.end;

export function parseTransaction(text: string, options: ParseOptions): ParseResult {
  const { now, timeZone, learned, dayFirst = true } = options;
  const baseCurrency = (options.baseCurrency ?? DEFAULT_BASE_CURRENCY).toUpperCase();
  const original = text.slice(0, MAX_MESSAGE_LENGTH);
  const norm = normalize(original);
  const dates = findDates(norm, { now, timeZone, dayFirst });
  const money = findMoney(mask(norm, dates), original, { baseCurrency });
  const today = todayIn(now, timeZone);
  const occurredAtOf = (d: DateMention) => (compareDates(d.date, today) === 0 ? now : noonOf(d.date, timeZone));

  const kind = kindOf(norm);
  const intent = classifyIntent(norm, {
    hasMoney: money.length > 0,
    hasDate: dates.length > 0,
    hasCategory: expenseCategoryHits(norm).length > 0 || learnedHits(learned, norm).length > 0 || kind.incomeHits.length > 0,
    hasKindVerb: kind.stated && (kind.kind === 'income' || /\b(?:spent|spend|paid|bought|buy|purchased|ordered|got|grabbed|cost|charged)\b/.test(norm)),
  });

  switch (intent) {
    case 'ADD_TRANSACTION':
      return { intent, transactions: readTransactions(original, norm, money, dates, occurredAtOf, options) };
    case 'CORRECT':
      return { intent, transactions: [], correction: buildCorrection(norm, money, dates, occurredAtOf, learned) };
    case 'QUERY':
    case 'SUMMARY':
      return { intent, transactions: [], query: buildQuery(norm, now, timeZone, learned, intent === 'SUMMARY') };
    default:
      return { intent, transactions: [] };
  }
}

function readTransactions(
  original: string,
  norm: string,
  money: readonly MoneyMention[],
  dates: readonly DateMention[],
  occurredAtOf: (d: DateMention) => Date,
  { now, learned }: ParseOptions,
): ParsedTransaction[] {
  const segments = splitSegments(norm, money);
  // Remarks after the last amount ("..., ugh", "... paid cash") speak for every item that has none.
  const lastMoney = money[money.length - 1];
  const tail: Span = lastMoney && segments.length > 1 ? { start: lastMoney.end, end: norm.length } : { start: 0, end: 0 };
  const tailText = mask(norm, [{ start: 0, end: tail.start }]);
  const sharedMood = moodOf(moodCues(tailText));
  const sharedPayment = paymentOf(paymentCues(tailText));
  const sharedDate = dates.length === 1 ? dates[0] : dates.find((d) => !segments.some((s) => inside(d, s)));

  return segments.map((segment) => {
    // Work on the whole message with everything outside the segment blanked, so positions stay put.
    const segText = mask(norm, [{ start: 0, end: segment.start }, { start: segment.end, end: norm.length }]);
    const amount = money.find((m) => inside(m, segment)) ?? null;
    const ownDate = dates.find((d) => inside(d, segment));
    const date = ownDate ?? sharedDate ?? dates[0];
    const taken = [...money, ...dates];
    const free = (s: Span) => !taken.some((t) => t.start < s.end && s.start < t.end);

    const k = kindOf(segText);
    const moods = moodCues(segText);
    const triggers = triggerCues(segText);
    const payments = paymentCues(segText);

    let categoryCode: string;
    let category: 'strong' | 'weak' | 'default';
    if (k.kind === 'income') {
      const learnedIncome = learnedHits(learned, segText).filter((h) => INCOME_CODES.has(h.code) && free(h));
      const fromIncome = incomeCategoryOf(k.incomeHits);
      categoryCode = bestCategory(learnedIncome)?.code ?? fromIncome.code;
      category = learnedIncome.length > 0 || fromIncome.found ? 'strong' : 'default';
    } else {
      const learnedExpense = learnedHits(learned, segText).filter((h) => !INCOME_CODES.has(h.code) && free(h));
      const lexicon = expenseCategoryHits(segText).filter((h) => free(h.match));
      const best = bestCategory([...learnedExpense, ...lexicon.filter((h) => !learnedExpense.some((l) => l.start < h.match.end && h.match.start < l.end))]);
      categoryCode = best?.code ?? 'miscellaneous';
      category = !best ? 'default' : best.score >= 1 ? 'strong' : 'weak';
    }

    const expenseType =
      k.kind === 'income'
        ? null
        : (expenseTypeCues(segText).at(-1)?.value ??
          (expenseCategoryHits(segText).some((h) => isNecessityItem(h.match.text)) ? 'necessity' : (DEFAULT_EXPENSE_TYPE[categoryCode] ?? null)));

    const title = makeTitle(original, segment, [...taken, ...moods, ...triggers, ...payments]);
    return {
      kind: k.kind,
      title,
      amount: amount?.amount ?? null,
      categoryCode,
      mood: moodOf(moods) ?? (moods.length === 0 ? sharedMood : null),
      cognitiveTriggers: k.kind === 'income' ? [] : triggersOf(triggers),
      expenseType,
      paymentMethod: paymentOf(payments) ?? sharedPayment,
      incomeType: k.kind === 'income' ? incomeTypeOf(categoryCode, segText) : null,
      occurredAt: date ? occurredAtOf(date) : now,
      dateStated: date !== undefined,
      confidence: confidenceOf({
        amount: !amount?.amount ? 'none' : amount.currencyWritten ? 'written' : 'bare',
        hedged: amount?.hedged ?? false,
        category,
        kindStated: k.stated,
        hasTitle: title !== null,
      }),
    };
  });
}
