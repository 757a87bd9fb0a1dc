// Turning the GraphQL filter, order and cursor into MongoDB queries (pure).
import { badInput, decodeCursor, encodeCursor, parseCurrency } from '@expensio/kit';
import { decimalToMinorUnits } from '@expensio/events';
import { Types } from 'mongoose';
import type { ExpenseDoc } from '../model/expenseModel.ts';

export interface ExpenseFilterInput {
  from?: Date | string | null;
  to?: Date | string | null;
  categoryCodes?: readonly string[] | null;
  moods?: readonly string[] | null;
  cognitiveTriggers?: readonly string[] | null;
  tags?: readonly string[] | null;
  paymentMethods?: readonly string[] | null;
  expenseTypes?: readonly string[] | null;
  minAmount?: string | null;
  maxAmount?: string | null;
  currency?: string | null;
  search?: string | null;
  isRecurring?: boolean | null;
}

export type ExpenseOrder = 'OCCURRED_AT_DESC' | 'OCCURRED_AT_ASC' | 'AMOUNT_DESC' | 'AMOUNT_ASC' | 'CREATED_AT_DESC';

type Filter = Record<string, unknown>;

function boundDate(value: Date | string, field: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`"${String(value)}" is not an ISO 8601 date-time`, field);
  return date;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The user's live expenses matching the filter (tombstones never match). */
export function expenseFilter(userId: string, f: ExpenseFilterInput | null | undefined, baseCurrency: string): Filter {
  const q: Filter = { userId, _deletedAt: { $exists: false } };
  if (!f) return q;
  const and: Filter[] = [];
  if (f.from || f.to) {
    const range: Filter = {};
    if (f.from) range.$gte = boundDate(f.from, 'filter.from');
    if (f.to) range.$lt = boundDate(f.to, 'filter.to');
    q.occurredAt = range;
  }
  const anyOf = (field: string, values: readonly string[] | null | undefined) => {
    if (values?.length) q[field] = { $in: [...values] };
  };
  anyOf('categoryCode', f.categoryCodes);
  anyOf('mood', f.moods);
  anyOf('cognitiveTriggers', f.cognitiveTriggers);
  anyOf('tags', f.tags);
  anyOf('paymentMethod', f.paymentMethods);
  anyOf('expenseType', f.expenseTypes);
  if (typeof f.isRecurring === 'boolean') q.isRecurring = f.isRecurring;
  if (f.minAmount || f.maxAmount) {
    const currency = parseCurrency(f.currency ?? baseCurrency, 'filter.currency');
    const bound = (v: string, field: string) => {
      try {
        return decimalToMinorUnits(v, currency);
      } catch (err) {
        throw badInput((err as Error).message, field);
      }
    };
    const range: Filter = {};
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
    and.push({ $or: [{ title: re }, { notes: re }, { merchant: re }] });
  }
  return and.length ? { ...q, $and: and } : q;
}

interface OrderSpec {
  sort: Record<string, 1 | -1>;
  key: (d: ExpenseDoc) => string | number;
  field: string;
  dir: 1 | -1;
  toValue: (v: string | number | null) => unknown;
}

const asDate = (v: string | number | null) => new Date(String(v));
const ORDERS: Record<ExpenseOrder, OrderSpec> = {
  OCCURRED_AT_DESC: { sort: { occurredAt: -1, _id: -1 }, key: (d) => d.occurredAt.toISOString(), field: 'occurredAt', dir: -1, toValue: asDate },
  OCCURRED_AT_ASC: { sort: { occurredAt: 1, _id: 1 }, key: (d) => d.occurredAt.toISOString(), field: 'occurredAt', dir: 1, toValue: asDate },
  AMOUNT_DESC: { sort: { 'amount.minor': -1, _id: -1 }, key: (d) => d.amount.minor, field: 'amount.minor', dir: -1, toValue: Number },
  AMOUNT_ASC: { sort: { 'amount.minor': 1, _id: 1 }, key: (d) => d.amount.minor, field: 'amount.minor', dir: 1, toValue: Number },
  CREATED_AT_DESC: { sort: { createdAt: -1, _id: -1 }, key: (d) => d.createdAt.toISOString(), field: 'createdAt', dir: -1, toValue: asDate },
};

export function orderSpec(order: ExpenseOrder | null | undefined): OrderSpec {
  return ORDERS[order ?? 'OCCURRED_AT_DESC'];
}

export function cursorOf(doc: ExpenseDoc, spec: OrderSpec): string {
  return encodeCursor([spec.key(doc), doc._id.toHexString()]);
}

/** Rows strictly after the cursor in the order's direction (sort key, then _id to break ties). */
export function afterCursor(cursor: string, spec: OrderSpec): Filter {
  const [rawKey, rawId] = decodeCursor(cursor, 2);
  if (typeof rawId !== 'string' || !Types.ObjectId.isValid(rawId)) throw badInput('Invalid cursor', 'after');
  const key = spec.toValue(rawKey ?? null);
  const id = new Types.ObjectId(rawId);
  const op = spec.dir === -1 ? '$lt' : '$gt';
  return { $or: [{ [spec.field]: { [op]: key } }, { [spec.field]: key, _id: { [op]: id } }] };
}
