// Calendar dates without a time, and the arithmetic the date and period readers need. A local date
// becomes an instant only at the edge (occurredAt, period bounds), through @expensio/kit's zone helpers.

import { zonedParts, zonedTimeToUtc } from '@expensio/kit';

export interface LocalDate {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
}

export function todayIn(now: Date, timeZone: string): LocalDate {
  const { year, month, day } = zonedParts(now, timeZone);
  return { year, month, day };
}

const toUtcDays = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
const fromUtcDays = (n: number): LocalDate => {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

export const addDays = (d: LocalDate, days: number): LocalDate => fromUtcDays(toUtcDays(d) + days);
export const compareDates = (a: LocalDate, b: LocalDate): number => toUtcDays(a) - toUtcDays(b);
/** 0 = Sunday ... 6 = Saturday. */
export const weekday = (d: LocalDate): number => new Date(toUtcDays(d) * 86_400_000).getUTCDay();
export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function addMonths(d: LocalDate, months: number): LocalDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export function isValidDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const formatDate = (d: LocalDate): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** Local midnight starting the date, as an instant. */
export const startOfDay = (d: LocalDate, timeZone: string): Date => zonedTimeToUtc({ ...d, hour: 0 }, timeZone);

/** Local noon of the date: the instant we store for a date said without a time (see zonedTimeToUtc). */
export const noonOf = (d: LocalDate, timeZone: string): Date => zonedTimeToUtc(d, timeZone);

export const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
export const MONTH_PATTERN = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

export const WEEKDAYS: Readonly<Record<string, number>> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};
export const WEEKDAY_PATTERN = '(?:sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|rsday|sday|urday)?';
