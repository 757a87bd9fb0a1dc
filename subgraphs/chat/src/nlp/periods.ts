// The period a question is about ("last month", "this week", "in February", "yesterday", "this year",
// "the last 30 days", "since Monday"), as local calendar bounds in the user's zone. Weeks start on
// Monday (ISO 8601). A period of "this ..." ends today: nothing later has happened yet.

import { monthOf } from '@expensio/kit';
import {
  MONTHS,
  MONTH_PATTERN,
  WEEKDAYS,
  WEEKDAY_PATTERN,
  addDays,
  addMonths,
  daysInMonth,
  formatDate,
  startOfDay,
  todayIn,
  weekday,
  type LocalDate,
} from './calendar.ts';
import { smallCount } from './numberWords.ts';

export interface Period {
  /** Local midnight starting the first day, as an instant. */
  readonly from: Date;
  /** Local midnight after the last day (exclusive), as an instant. */
  readonly to: Date;
  /** First and last local dates, inclusive ("YYYY-MM-DD"). */
  readonly firstDay: string;
  readonly lastDay: string;
  /** The months ("YYYY-MM") the period touches, for per-month figures such as monthlySummary. */
  readonly months: readonly string[];
  /** What the user said, e.g. "last month"; "this month" when the period is the default. */
  readonly label: string;
  /** False when the question named no period and this month was assumed. */
  readonly explicit: boolean;
}

function makePeriod(first: LocalDate, last: LocalDate, label: string, timeZone: string, explicit = true): Period {
  const from = startOfDay(first, timeZone);
  const to = startOfDay(addDays(last, 1), timeZone);
  const months: string[] = [];
  for (let d = { ...first, day: 1 }; d.year * 12 + d.month <= last.year * 12 + last.month; d = addMonths(d, 1)) {
    months.push(monthOf(startOfDay({ ...d, day: 15 }, timeZone), timeZone));
  }
  return { from, to, firstDay: formatDate(first), lastDay: formatDate(last), months, label, explicit };
}

const monthStart = (d: LocalDate): LocalDate => ({ ...d, day: 1 });
const monthEnd = (d: LocalDate): LocalDate => ({ ...d, day: daysInMonth(d.year, d.month) });

/** The period named in a question, or this month (explicit: false) when none is named. */
export function findPeriod(text: string, now: Date, timeZone: string): Period {
  const today = todayIn(now, timeZone);
  const monday = addDays(today, -((weekday(today) + 6) % 7));
  const p = (first: LocalDate, last: LocalDate, label: string) => makePeriod(first, last, label, timeZone);
  let m: RegExpExecArray | null;

  if (/\btoday\b|\btonight\b/.test(text)) return p(today, today, 'today');
  if (/\bday before yesterday\b/.test(text)) return p(addDays(today, -2), addDays(today, -2), 'the day before yesterday');
  if (/\byesterday\b/.test(text)) return p(addDays(today, -1), addDays(today, -1), 'yesterday');
  if ((m = /\b(?:last|past|previous)\s+(\d{1,3}|two|three|four|five|six|seven|ten|twelve)\s+(days?|weeks?|months?)\b/.exec(text))) {
    const n = smallCount(m[1]!) ?? 1;
    const unit = m[2]!.replace(/s$/, '');
    const first = unit === 'day' ? addDays(today, -(n - 1)) : unit === 'week' ? addDays(today, -(7 * n - 1)) : addDays(addMonths(today, -n), 1);
    return p(first, today, m[0]);
  }
  if (/\b(?:this|current)\s+week\b/.test(text)) return p(monday, today, 'this week');
  if (/\b(?:last|previous|past)\s+week\b/.test(text)) return p(addDays(monday, -7), addDays(monday, -1), 'last week');
  if (/\b(?:this|current)\s+month\b|\bso far\b/.test(text)) return p(monthStart(today), today, 'this month');
  if (/\b(?:last|previous|past)\s+month\b/.test(text)) {
    const last = addMonths(monthStart(today), -1);
    return p(last, monthEnd(last), 'last month');
  }
  if (/\b(?:this|current)\s+year\b|\bytd\b|\byear to date\b/.test(text)) return p({ year: today.year, month: 1, day: 1 }, today, 'this year');
  if (/\b(?:last|previous|past)\s+year\b/.test(text)) return p({ year: today.year - 1, month: 1, day: 1 }, { year: today.year - 1, month: 12, day: 31 }, 'last year');
  if ((m = new RegExp(`\\bsince\\s+(?:last\\s+)?(${WEEKDAY_PATTERN})\\b`).exec(text))) {
    const target = WEEKDAYS[m[1]!] ?? 1;
    return p(addDays(today, -((weekday(today) - target + 7) % 7 || 7)), today, m[0]);
  }
  if ((m = new RegExp(`\\b(?:in|for|during|of|since)\\s+(${MONTH_PATTERN})(?:\\s+(\\d{4}))?\\b`).exec(text)) ?? (m = new RegExp(`\\b(${MONTH_PATTERN})\\s+(\\d{4})\\b`).exec(text))) {
    const month = MONTHS[m[1]!]!;
    // The latest such month not after this one, unless a year is written.
    const year = m[2] ? Number(m[2]) : month <= today.month ? today.year : today.year - 1;
    const first = { year, month, day: 1 };
    const isCurrent = year === today.year && month === today.month;
    if (/^since/.test(m[0])) return p(first, today, m[0]);
    return p(first, isCurrent ? today : monthEnd(first), m[0]);
  }
  return makePeriod(monthStart(today), today, 'this month', timeZone, false);
}
