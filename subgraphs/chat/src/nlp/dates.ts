// When a transaction happened, from what the user wrote, in the user's time zone: "today",
// "yesterday", "last night", "the day before yesterday", "3 days ago", "two days ago", "a week ago",
// "last week" (seven days ago), "last Friday" and "on Monday" (the latest such day before today;
// "on Monday" said on a Monday is today), "this weekend" (the latest Saturday), "on the 3rd" (this
// month, or last month if the 3rd is still to come), "Nov 3" / "3 November" / "2/3" (the latest such
// date not after today, unless a year is written), "2026-11-02".
//
// Numeric dates: day first by default ("2/3" is 2 March), as most of the world writes them; pass
// `dayFirst: false` for month-first users. A part above 12 settles it either way ("14/03", "03/14").
// Slashes only (or dots with a year): "3.50" is an amount, not a date.

import {
  MONTHS,
  MONTH_PATTERN,
  WEEKDAYS,
  WEEKDAY_PATTERN,
  addDays,
  addMonths,
  compareDates,
  isValidDate,
  todayIn,
  weekday,
  type LocalDate,
} from './calendar.ts';
import { smallCount } from './numberWords.ts';
import type { Span } from './text.ts';

export interface DateMention extends Span {
  readonly date: LocalDate;
}

export interface FindDatesOptions {
  readonly now: Date;
  readonly timeZone: string;
  /** Read "2/3" as 2 March (true, the default) or as February 3 (false). */
  readonly dayFirst?: boolean;
}

type Rule = { re: RegExp; resolve: (m: RegExpExecArray, today: LocalDate, dayFirst: boolean) => LocalDate | null };

const COUNT = '(\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple(?: of)?|couple(?: of)?)';

/** The latest date with this month and day that is not after today. */
function latestMonthDay(month: number, day: number, today: LocalDate): LocalDate | null {
  for (const year of [today.year, today.year - 1]) {
    if (!isValidDate(year, month, day)) continue;
    const d = { year, month, day };
    if (compareDates(d, today) <= 0) return d;
  }
  return null;
}

function withYear(year: string | undefined, month: number, day: number, today: LocalDate): LocalDate | null {
  if (!year) return latestMonthDay(month, day, today);
  let y = Number(year);
  if (year.length === 2) y += 2000;
  return isValidDate(y, month, day) ? { year: y, month, day } : null;
}

/** The latest given weekday strictly before today, or on or before today when `inclusive`. */
function latestWeekday(target: number, today: LocalDate, inclusive: boolean): LocalDate {
  let back = (weekday(today) - target + 7) % 7;
  if (back === 0 && !inclusive) back = 7;
  return addDays(today, -back);
}

const count = (s: string | undefined) => smallCount((s ?? '').replace(/\s+of$/, '').replace(/^a couple$/, 'couple'));

const RULES: readonly Rule[] = [
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g, resolve: (m) => (isValidDate(+m[1]!, +m[2]!, +m[3]!) ? { year: +m[1]!, month: +m[2]!, day: +m[3]! } : null) },
  {
    re: /(?<![\d.,/])(\d{1,2})(?:\/(\d{1,2})(?:\/(\d{2}|\d{4}))?|\.(\d{1,2})\.(\d{2}|\d{4}))(?![\d/.,]*\d)/g,
    resolve: (m, today, dayFirst) => {
      const a = Number(m[1]);
      const b = Number(m[2] ?? m[4]);
      const year = m[3] ?? m[5];
      let [day, month] = dayFirst ? [a, b] : [b, a];
      if (month > 12 && day <= 12) [day, month] = [month, day];
      return withYear(year, month, day, today);
    },
  },
  {
    re: new RegExp(`\\b(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'g'),
    resolve: (m, today) => withYear(m[3], MONTHS[m[1]!]!, Number(m[2]), today),
  },
  {
    re: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_PATTERN})\\b(?:,?\\s+(\\d{4}))?`, 'g'),
    resolve: (m, today) => withYear(m[3], MONTHS[m[2]!]!, Number(m[1]), today),
  },
  {
    // "on the 3rd", "the 14th" (not "the 3rd time"): this month, or last month if still ahead.
    re: /\b(?:on\s+)?(?:the\s+)(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:time|one|attempt|floor|place|row))|\bon\s+(\d{1,2})(?:st|nd|rd|th)\b/g,
    resolve: (m, today) => {
      const day = Number(m[1] ?? m[2]);
      for (const d of [today, addMonths({ ...today, day: 1 }, -1), addMonths({ ...today, day: 1 }, -2)]) {
        if (isValidDate(d.year, d.month, day) && compareDates({ ...d, day }, today) <= 0) return { year: d.year, month: d.month, day };
      }
      return null;
    },
  },
  { re: /\b(?:the\s+)?day\s+before\s+yesterday\b/g, resolve: (_m, today) => addDays(today, -2) },
  { re: /\b(?:yesterday|yday|last\s+night|yesterday\s+(?:morning|afternoon|evening|night))\b/g, resolve: (_m, today) => addDays(today, -1) },
  { re: /\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|just\s+now)\b/g, resolve: (_m, today) => today },
  { re: new RegExp(`\\b${COUNT}\\s+days?\\s+ago\\b`, 'g'), resolve: (m, today) => { const n = count(m[1]); return n === null ? null : addDays(today, -n); } },
  { re: new RegExp(`\\b${COUNT}\\s+weeks?\\s+ago\\b`, 'g'), resolve: (m, today) => { const n = count(m[1]); return n === null ? null : addDays(today, -7 * n); } },
  { re: /\blast\s+week\b/g, resolve: (_m, today) => addDays(today, -7) },
  { re: /\b(?:this|last|over\s+the|this\s+past|on\s+the)\s+weekend\b/g, resolve: (_m, today) => latestWeekday(6, today, true) },
  {
    re: new RegExp(`\\b(?:(last|this\\s+past|past|on|this)\\s+)?(${WEEKDAY_PATTERN})\\b`, 'g'),
    resolve: (m, today) => {
      const target = WEEKDAYS[m[2]!];
      // "sat", "sun", "wed" alone are words too; abbreviations count only after "on"/"last".
      if (target === undefined || (!m[1] && !m[2]!.endsWith('day'))) return null;
      // "last Friday" is never today; "on Monday" said on a Monday is today.
      return latestWeekday(target, today, !m[1] || !/last|past/.test(m[1]));
    },
  },
];

/** Every date mention in `text` (normalised), in order, none overlapping. */
export function findDates(text: string, { now, timeZone, dayFirst = true }: FindDatesOptions): DateMention[] {
  const today = todayIn(now, timeZone);
  const found: DateMention[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => f.start < end && start < f.end)) continue;
      const date = rule.resolve(m as RegExpExecArray, today, dayFirst);
      if (date) found.push({ start, end, date });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
