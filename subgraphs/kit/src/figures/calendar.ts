// Months as "YYYY-MM" strings, in the user's zone (kit's monthOf/zonedParts do the zone work).
import { badInput } from '../errors.ts';
import { monthOf, zonedParts } from '../time.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Checks a month argument; `field` names it in the error. */
export function parseMonth(value: string, field = 'month'): string {
  if (!MONTH.test(value)) throw badInput(`"${value}" is not a month formatted YYYY-MM`, field);
  return value;
}

/** The month `n` months after (negative: before) `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, inclusive; empty when `to` is before `from`. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Where `now` stands in `month` for someone in `timeZone`: 'past', 'future', or the current month
 * with the day of the month (1-based, today included).
 */
export function monthPosition(
  month: string,
  now: Date,
  timeZone: string,
): { kind: 'past' | 'future' } | { kind: 'current'; day: number; days: number } {
  const current = monthOf(now, timeZone);
  if (month < current) return { kind: 'past' };
  if (month > current) return { kind: 'future' };
  return { kind: 'current', day: zonedParts(now, timeZone).day, days: daysInMonth(month) };
}

/**
 * The end-of-month figure at the current pace: for the current month, what was spent so far scaled
 * from the days elapsed (today counted) to the whole month; for other months, what was spent.
 */
export function projectToMonthEnd(spent: number, month: string, now: Date, timeZone: string): number {
  const position = monthPosition(month, now, timeZone);
  if (position.kind !== 'current') return spent;
  return Math.round((spent * position.days) / position.day);
}
