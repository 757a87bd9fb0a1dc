// What the model is told to write a month's summary from: the insights' kind, severity, title and
// detail and the month's totals, nothing else. The insights are built from codes and numbers, except
// a category the user created, whose code comes from a name they typed: it is sent as an alias
// (customCategory1, ...) and put back into the answer.
import { createHash } from 'node:crypto';
import { COGNITIVE_TRIGGERS, EXPENSE_CATEGORY_CODES, MOODS } from '@expensio/events';
import type { Insight } from '@expensio/kit';

/** The text of a month without insights; no model is asked for it. */
export const NO_INSIGHTS_SUMMARY = 'There is not enough data this month for any insight yet, so there is nothing to summarise.';

export const SUMMARY_SYSTEM_PROMPT = [
  'You summarise one month of a person\'s personal finances for that person.',
  'Use only the totals and insights in the JSON message; do not compute, guess or add any number, cause or advice.',
  'Write 2 to 4 plain sentences in English: no list, no heading, no markdown.',
].join('\n');

export interface SummaryFacts {
  readonly month: string;
  readonly currency: string;
  /** Base-currency decimal strings and counts, as MonthlySummary shows them. */
  readonly totals: { readonly spent: string; readonly earned: string; readonly net: string; readonly expenseCount: number; readonly incomeCount: number };
  readonly insights: readonly Insight[];
}

export interface SummaryPrompt {
  readonly system: string;
  readonly user: string;
  /** sha256 of what is sent and of the aliases: equal facts give an equal hash. */
  readonly hash: string;
  /** The model's answer with the aliases replaced by the codes they stand for. */
  restore(text: string): string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<string>([...EXPENSE_CATEGORY_CODES, ...MOODS, ...COGNITIVE_TRIGGERS]);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A whole word only: an alias for "car" must not change "card".
const wordOf = (s: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'gu');

export function summaryPrompt(facts: SummaryFacts): SummaryPrompt {
  const aliases = new Map<string, string>();
  for (const i of facts.insights) {
    if (i.subject !== null && !KNOWN_CODES.has(i.subject) && !aliases.has(i.subject)) aliases.set(i.subject, `customCategory${aliases.size + 1}`);
  }
  // Longest first, so a code that contains another is replaced whole.
  const byLength = [...aliases].sort(([a], [b]) => b.length - a.length);
  const hide = (text: string) => byLength.reduce((t, [code, alias]) => t.replace(wordOf(code), alias), text);
  const user = JSON.stringify({
    month: facts.month,
    currency: facts.currency,
    totals: facts.totals,
    insights: facts.insights.map((i) => ({ kind: i.kind, severity: i.severity, title: hide(i.title), detail: hide(i.detail) })),
  });
  const hash = createHash('sha256').update(JSON.stringify([user, [...aliases]])).digest('hex');
  const codeOf = new Map([...aliases].map(([code, alias]) => [alias, code]));
  return {
    system: SUMMARY_SYSTEM_PROMPT,
    user,
    hash,
    restore: (text) => (codeOf.size === 0 ? text : text.replace(/(?<![\p{L}\p{N}])customCategory\d+(?![\p{L}\p{N}])/gu, (alias) => codeOf.get(alias) ?? alias)),
  };
}
