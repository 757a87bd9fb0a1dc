// The filter every money record list shares (expenses, incomes): a date range, categories, tags,
// an amount range in one currency, text search and the recurring flag, plus "any of" lists of the
// domain's own codes (moods, payment methods, income types, ...). Pure: input to a MongoDB filter.
import { decimalToMinorUnits } from '@expensio/events';
import { badInput } from './errors.ts';
import { parseCurrency } from './money.ts';

export interface RecordFilterInput {
  /** Inclusive lower bound of the record's date. */
  from?: Date | string | null;
  /** Exclusive upper bound of the record's date. */
  to?: Date | string | null;
  categoryCodes?: readonly string[] | null;
  tags?: readonly string[] | null;
  /** Inclusive bounds, decimal strings in `currency` (default: the user's base currency). */
  minAmount?: string | null;
  maxAmount?: string | null;
  currency?: string | null;
  search?: string | null;
  isRecurring?: boolean | null;
}

export interface RecordFilterOptions<F> {
  /** The record's date field: `occurredAt`, `receivedAt`. */
  dateField: string;
  /** Bounds without a currency are in this one. */
  baseCurrency: string;
  /** Fields `search` looks in, case-insensitively. */
  searchFields: readonly string[];
  /** Domain lists of the input and the stored field each matches ("any of"). */
  anyOf?: Partial<Record<keyof F, string>>;
}

type MongoFilter = Record<string, unknown>;

function boundDate(value: Date | string, field: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`"${String(value)}" is not an ISO 8601 date-time`, field);
  return date;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The user's live records matching the filter (tombstones never match). */
export function recordFilter<F extends RecordFilterInput>(userId: string, f: F | null | undefined, options: RecordFilterOptions<F>): MongoFilter {
  const q: MongoFilter = { userId, _deletedAt: { $exists: false } };
  if (!f) return q;
  if (f.from || f.to) {
    const range: MongoFilter = {};
    if (f.from) range.$gte = boundDate(f.from, 'filter.from');
    if (f.to) range.$lt = boundDate(f.to, 'filter.to');
    q[options.dateField] = range;
  }
  const lists: [keyof F, string][] = [['categoryCodes', 'categoryCode'], ['tags', 'tags'], ...(Object.entries(options.anyOf ?? {}) as [keyof F, string][])];
  for (const [input, stored] of lists) {
    const values = f[input] as readonly string[] | null | undefined;
    if (values?.length) q[stored] = { $in: [...values] };
  }
  if (typeof f.isRecurring === 'boolean') q.isRecurring = f.isRecurring;
  if (f.minAmount || f.maxAmount) {
    const currency = parseCurrency(f.currency ?? options.baseCurrency, 'filter.currency');
    const bound = (v: string, field: string) => {
      try {
        return decimalToMinorUnits(v, currency);
      } catch (err) {
        throw badInput((err as Error).message, field);
      }
    };
    const range: MongoFilter = {};
    if (f.minAmount) range.$gte = bound(f.minAmount, 'filter.minAmount');
    if (f.maxAmount) range.$lte = bound(f.maxAmount, 'filter.maxAmount');
    q['amount.currency'] = currency;
    q['amount.minor'] = range;
  } else if (f.currency) {
    q['amount.currency'] = parseCurrency(f.currency, 'filter.currency');
  }
  const search = f.search?.trim();
  if (search) {
    if (search.length > 100) throw badInput('search must be at most 100 characters', 'filter.search');
    const re = { $regex: escapeRegex(search), $options: 'i' };
    q.$and = [{ $or: options.searchFields.map((field) => ({ [field]: re })) }];
  }
  return q;
}
