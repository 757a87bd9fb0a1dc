// The month aggregate as pure data: what one expense or income contributes to a user's month, how a
// source event turns into per-month contributions, and the figures computed from them. No I/O here;
// src/model/monthStore.ts writes the result.
import type {
  CognitiveTrigger,
  EventData,
  EventsOfTopic,
  ExpenseType,
  Mood,
  MonthlyFigures,
  PaymentMethod,
  TOPICS,
} from '@expensio/events';
import type { FINANCIAL_DATA_SOURCE_EVENT_TYPES } from '@expensio/events';
import { monthOf } from '@expensio/kit';

export type SourceEvent = EventsOfTopic<typeof TOPICS.expense | typeof TOPICS.income>;
type ExpenseSnapshot = EventData<'EXPENSE_CREATED'>;
type IncomeSnapshot = EventData<'INCOME_CREATED'>;

export type SourceEventType = (typeof FINANCIAL_DATA_SOURCE_EVENT_TYPES)[number];

/** What one expense adds to the month it falls in (short keys: there are many per document). */
export interface ExpenseContribution {
  readonly k: 'e';
  readonly cur: string;
  readonly amt: number;
  readonly cat: string;
  readonly mood: Mood | null;
  readonly trig: readonly CognitiveTrigger[];
  readonly pm: PaymentMethod;
  readonly et: ExpenseType | null;
  readonly rec: boolean;
}

export interface IncomeContribution {
  readonly k: 'i';
  readonly cur: string;
  readonly amt: number;
  readonly cat: string;
}

export type Contribution = ExpenseContribution | IncomeContribution;

/**
 * An entity's place in one month document: the version that last wrote here and what it contributes
 * (null: not in this month as of version `v`, a tombstone that keeps older events from re-adding it).
 */
export interface EntityEntry {
  readonly v: number;
  readonly c: Contribution | null;
}

export type EntityEntries = Readonly<Record<string, EntityEntry>>;

/** A source event's effect on one month: last writer (highest version) wins for that entity there. */
export interface MonthTouch {
  readonly userId: string;
  readonly month: string;
  readonly timeZone: string;
  readonly entityKey: string;
  readonly entry: EntityEntry;
}

/** A source event as FINANCIALDATA_UPDATED reports it. */
export interface SourceChange {
  readonly type: SourceEventType;
  readonly id: string;
  readonly entityId: string;
  readonly entityVersion: number;
}

const SAFE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * A string usable as a document key on FerretDB and MongoDB: no '.', no leading '$' (ids and user
 * category codes are opaque strings). Safe strings stay readable; others become '~' + base64url,
 * which cannot collide with a safe string (those never contain '~').
 */
export function encodeKey(value: string): string {
  return SAFE_KEY.test(value) ? value : `~${Buffer.from(value, 'utf8').toString('base64url')}`;
}

/** Entity keys: 'x' for expenses and 'i' for incomes, so the two id spaces cannot collide. */
export const expenseKey = (expenseId: string) => `x${encodeKey(expenseId)}`;
export const incomeKey = (incomeId: string) => `i${encodeKey(incomeId)}`;

export function expenseContribution(s: ExpenseSnapshot): ExpenseContribution {
  return {
    k: 'e',
    cur: s.amount.currency,
    amt: s.amount.minor,
    cat: s.categoryCode,
    mood: s.mood,
    trig: [...s.cognitiveTriggers],
    pm: s.paymentMethod,
    et: s.expenseType,
    rec: s.isRecurring,
  };
}

export function incomeContribution(s: IncomeSnapshot): IncomeContribution {
  return { k: 'i', cur: s.amount.currency, amt: s.amount.minor, cat: s.categoryCode };
}

const monthOfExpense = (s: ExpenseSnapshot) => monthOf(new Date(s.occurredAt), s.timeZone);
const monthOfIncome = (s: IncomeSnapshot) => monthOf(new Date(s.receivedAt), s.timeZone);

/**
 * The months a source event writes to. A create or update puts the entity's new contribution in the
 * month of its new date (in the zone it carries); an update that changes the month and a delete
 * leave a tombstone at the event's version in the old month.
 */
export function touchesOf(event: SourceEvent): { change: SourceChange; touches: MonthTouch[] } {
  const userId = event.data.userId;
  const touch = (key: string, month: string, timeZone: string, entry: EntityEntry): MonthTouch => ({
    userId,
    month,
    timeZone,
    entityKey: key,
    entry,
  });
  switch (event.type) {
    case 'EXPENSE_CREATED': {
      const d = event.data;
      const key = expenseKey(d.expenseId);
      return {
        change: { type: event.type, id: event.id, entityId: d.expenseId, entityVersion: d.version },
        touches: [touch(key, monthOfExpense(d), d.timeZone, { v: d.version, c: expenseContribution(d) })],
      };
    }
    case 'EXPENSE_UPDATED': {
      const { before, after, version, expenseId } = event.data;
      const key = expenseKey(expenseId);
      const to = monthOfExpense(after);
      const from = monthOfExpense(before);
      const touches = [touch(key, to, after.timeZone, { v: version, c: expenseContribution(after) })];
      if (from !== to) touches.push(touch(key, from, before.timeZone, { v: version, c: null }));
      return { change: { type: event.type, id: event.id, entityId: expenseId, entityVersion: version }, touches };
    }
    case 'EXPENSE_DELETED': {
      const { before, version, expenseId } = event.data;
      return {
        change: { type: event.type, id: event.id, entityId: expenseId, entityVersion: version },
        touches: [touch(expenseKey(expenseId), monthOfExpense(before), before.timeZone, { v: version, c: null })],
      };
    }
    case 'INCOME_CREATED': {
      const d = event.data;
      return {
        change: { type: event.type, id: event.id, entityId: d.incomeId, entityVersion: d.version },
        touches: [touch(incomeKey(d.incomeId), monthOfIncome(d), d.timeZone, { v: d.version, c: incomeContribution(d) })],
      };
    }
    case 'INCOME_UPDATED': {
      const { before, after, version, incomeId } = event.data;
      const key = incomeKey(incomeId);
      const to = monthOfIncome(after);
      const from = monthOfIncome(before);
      const touches = [touch(key, to, after.timeZone, { v: version, c: incomeContribution(after) })];
      if (from !== to) touches.push(touch(key, from, before.timeZone, { v: version, c: null }));
      return { change: { type: event.type, id: event.id, entityId: incomeId, entityVersion: version }, touches };
    }
    case 'INCOME_DELETED': {
      const { before, version, incomeId } = event.data;
      return {
        change: { type: event.type, id: event.id, entityId: incomeId, entityVersion: version },
        touches: [touch(incomeKey(incomeId), monthOfIncome(before), before.timeZone, { v: version, c: null })],
      };
    }
  }
}

/**
 * An empty entry map. Entries are keyed by entity ids, a new key almost every time: an object
 * literal would take a hidden class of its own per key added (one per entity, ever, kept alive by
 * the month cache) and make every lookup megamorphic. A null-prototype object is a dictionary from
 * the start (a replay's planning: ~30% less time and ~25% less heap in a micro-benchmark).
 */
const newEntries = (): Record<string, EntityEntry> => Object.create(null) as Record<string, EntityEntry>;

/** Entries of `base` overlaid with `changes` (either may be absent), as a new dictionary. */
export const mergeEntries = (base: EntityEntries | undefined, changes?: EntityEntries): Record<string, EntityEntry> =>
  Object.assign(newEntries(), base, changes);

/**
 * Folds touches into a month's entity entries, keeping for each entity the entry of the highest
 * version (ties: the first one, so a redelivered event changes nothing). Returns the entries that
 * changed; empty when every touch was stale or a duplicate. Commutative per entity, so the result
 * does not depend on the order the events arrive in.
 */
export function foldTouches(current: EntityEntries, touches: readonly MonthTouch[]): Record<string, EntityEntry> {
  const changed = newEntries();
  for (const { entityKey, entry } of touches) {
    const existing = changed[entityKey] ?? current[entityKey];
    if (existing && existing.v >= entry.v) continue;
    changed[entityKey] = entry;
  }
  return changed;
}

type Acc = { amounts: Record<string, number>; count: number };
const newAcc = (): Acc => ({ amounts: {}, count: 0 });

function add(map: Map<string, Acc>, code: string, cur: string, amt: number): void {
  let acc = map.get(code);
  if (!acc) map.set(code, (acc = newAcc()));
  addTo(acc, cur, amt);
}
function addTo(acc: Acc, cur: string, amt: number): void {
  acc.amounts[cur] = (acc.amounts[cur] ?? 0) + amt;
  acc.count += 1;
}
/** Rows sorted by code (and amounts by currency), so equal entries give equal documents. */
function rows<K extends string>(map: Map<string, Acc>, key: K) {
  return [...map.keys()].sort().map((code) => ({ [key]: code, ...sortedAcc(map.get(code)!) }) as Record<K, string> & Acc);
}
function sortedAcc(acc: Acc): Acc {
  return { amounts: Object.fromEntries(Object.entries(acc.amounts).sort(([a], [b]) => (a < b ? -1 : 1))), count: acc.count };
}

/** The month's figures: a pure function of its live entries (tombstones count for nothing). */
export function computeFigures(entries: EntityEntries): MonthlyFigures {
  const expenses = newAcc();
  const incomes = newAcc();
  const recurring = newAcc();
  const byCategory = new Map<string, Acc>();
  const byMood = new Map<string, Acc>();
  const byTrigger = new Map<string, Acc>();
  const byIncomeCategory = new Map<string, Acc>();
  const byPaymentMethod = new Map<string, Acc>();
  const byExpenseType = new Map<string, Acc>();
  for (const { c } of Object.values(entries)) {
    if (!c) continue;
    if (c.k === 'i') {
      addTo(incomes, c.cur, c.amt);
      add(byIncomeCategory, c.cat, c.cur, c.amt);
      continue;
    }
    addTo(expenses, c.cur, c.amt);
    add(byCategory, c.cat, c.cur, c.amt);
    if (c.mood) add(byMood, c.mood, c.cur, c.amt);
    for (const t of c.trig) add(byTrigger, t, c.cur, c.amt);
    add(byPaymentMethod, c.pm, c.cur, c.amt);
    if (c.et) add(byExpenseType, c.et, c.cur, c.amt);
    if (c.rec) addTo(recurring, c.cur, c.amt);
  }
  return {
    expenses: sortedAcc(expenses),
    incomes: sortedAcc(incomes),
    byCategory: rows(byCategory, 'categoryCode'),
    byMood: rows(byMood, 'mood') as MonthlyFigures['byMood'],
    byTrigger: rows(byTrigger, 'trigger') as MonthlyFigures['byTrigger'],
    byIncomeCategory: rows(byIncomeCategory, 'categoryCode'),
    byPaymentMethod: rows(byPaymentMethod, 'paymentMethod') as MonthlyFigures['byPaymentMethod'],
    byExpenseType: rows(byExpenseType, 'expenseType') as MonthlyFigures['byExpenseType'],
    recurring: sortedAcc(recurring),
  };
}

export const EMPTY_FIGURES: MonthlyFigures = computeFigures({});
