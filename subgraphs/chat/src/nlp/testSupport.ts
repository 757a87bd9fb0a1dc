// Shared fixture of the parser's unit tests: a Wednesday evening in Los Angeles that is already
// Thursday in UTC, so a test reading dates in UTC would fail.
import { zonedParts } from '@expensio/kit';
import { parseTransaction } from './parseTransaction.ts';
import type { ParseOptions, ParseResult } from './types.ts';

export const NOW = new Date('2026-03-19T05:30:00Z'); // 2026-03-18 22:30 in Los Angeles
export const ZONE = 'America/Los_Angeles';

export const parse = (text: string, options: Partial<ParseOptions> = {}): ParseResult =>
  parseTransaction(text, { now: NOW, timeZone: ZONE, baseCurrency: 'USD', ...options });

export const localDate = (d: Date, zone = ZONE): string => {
  const p = zonedParts(d, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};
