// Questions about the user's money, as a structured query another component answers from the
// figures (financial-data): what to compute, over which category, mood or trigger, in which period
// of the user's calendar. No period named means this month (period.explicit is false).

import type { Mood } from '@expensio/events';
import { incomeCategoryHits, incomeCategoryOf } from './income.ts';
import { learnedHits, type LearnedCategories } from './learned.ts';
import { bestCategory, categoryNameHits } from './lexicon.ts';
import { findPeriod } from './periods.ts';
import { triggerCues, triggersOf } from './signals.ts';
import type { FinanceQuery, QueryMetric, TransactionKind } from './types.ts';

const METRICS: readonly [RegExp, QueryMetric][] = [
  [/\bbudget\b|\bover(?:spending| spent|spent)\b|\bcan i afford\b/, 'budgetStatus'],
  [/\b(?:most|biggest|largest|top|highest|main)\b.*\b(?:on|category|categories|expense|expenses|spend|spending)\b|\bwhere does (?:all )?my money go\b|\bwhat do i spend (?:the )?most\b/, 'topCategory'],
  [/\bhow (?:many|often)\b|\bnumber of\b|\bcount\b/, 'count'],
  [/\baverage\b|\bavg\b|\bper (?:day|week|month)\b|\btypically\b|\busually\b/, 'average'],
  [/\b(?:earn(?:ed)?|make|made|income|got paid|paid me|salary|earnings)\b/, 'totalEarned'],
  [/\bnet\b|\bleft ?over\b|\bsaved\b|\bsave\b|\bsavings rate\b|\bbalance\b/, 'net'],
  [/^(?:show|list)\b|\bwhat did i (?:buy|purchase|get)\b|\b(?:show|list)\b.*\b(?:expenses|transactions|purchases|incomes|spending)\b/, 'list'],
];

const MOOD_WORDS: readonly [RegExp, Mood][] = [
  [/\bregret\w*|\bsad\b|\bunhappy\b|\bbad mood\b|\bguilty\b/, 'regretful'],
  [/\bhappy\b|\bhappier\b|\bgood mood\b|\bjoy\w*/, 'happy'],
  [/\bneutral\b|\bindifferent\b/, 'neutral'],
];

export function buildQuery(text: string, now: Date, timeZone: string, learned: LearnedCategories | undefined, summary: boolean): FinanceQuery {
  const period = findPeriod(text, now, timeZone);
  if (summary) return { metric: 'summary', kind: 'both', categoryCode: null, mood: null, trigger: null, period };
  const metric = METRICS.find(([re]) => re.test(text))?.[1] ?? 'totalSpent';
  const kind: TransactionKind | 'both' = metric === 'totalEarned' ? 'income' : metric === 'net' ? 'both' : 'expense';
  let categoryCode: string | null = null;
  if (kind === 'income') {
    const income = incomeCategoryOf(incomeCategoryHits(text));
    categoryCode = income.found ? income.code : null;
  } else if (metric !== 'topCategory') {
    const hits = [...learnedHits(learned, text), ...categoryNameHits(text)];
    categoryCode = bestCategory(hits)?.code ?? null;
  }
  const mood = MOOD_WORDS.find(([re]) => re.test(text))?.[1] ?? null;
  const trigger = triggersOf(triggerCues(text))[0] ?? (/\bimpulsive\w*/.test(text) ? 'impulseBuying' : null);
  return { metric, kind, categoryCode, mood, trigger, period };
}
