// Validation of money record input (expenses, incomes), pure apart from reading the user's profile
// and categories once per command: from GraphQL (or CSV) input to the stored fields, or a
// BAD_USER_INPUT naming the field. A domain lists its fields with a rule each; create and update
// apply the same rules.
import { badInput } from './errors.ts';
import type { CategoryStore } from './categoryStore.ts';
import { parseMoneyInput } from './money.ts';
import type { DomainFields, RecordDoc, RecordRules } from './recordStore.ts';
import type { UserDirectory } from './userDirectory.ts';

export const RECORD_LIMITS = {
  titleLength: 200,
  notes: 10,
  noteLength: 300,
  tags: 20,
  tagLength: 40,
  descriptionLength: 2_000,
  /** The most records one batch creates. */
  batchSize: 500,
} as const;

/** Dates before this are typos (19 instead of 2019), not records. */
export const EARLIEST_DATE = new Date('1970-01-01T00:00:00Z');
/** Up to a year ahead: a planned or pre-booked payment. */
const LATEST_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

export interface RuleContext {
  /** Prefix of error paths, e.g. `input` or `inputs[3]`. */
  path: string;
  baseCurrency: string;
  /** True for a built-in or one of the user's active categories. */
  isKnownCategory: (code: string) => boolean;
  now: Date;
}

/** Checks one field's value (already present in the input); `at` is its error path. */
export type FieldRule<T> = (value: unknown, at: string, ctx: RuleContext) => T;
export type FieldRules<Fields> = { readonly [K in keyof Fields]-?: FieldRule<Fields[K]> };

function text(value: unknown, at: string, max: number, { required = false } = {}): string {
  const trimmed = String(value ?? '').trim();
  const name = at.split('.').pop();
  if (required && trimmed.length === 0) throw badInput(`${name} must not be empty`, at);
  if (trimmed.length > max) throw badInput(`${name} must be at most ${max} characters`, at);
  return trimmed;
}

function oneOfCode<T extends string>(value: unknown, allowed: readonly T[], at: string, what: string): T {
  if (!(allowed as readonly unknown[]).includes(value)) throw badInput(`Unknown ${what} "${String(value)}"`, at);
  return value as T;
}

function textList(value: unknown, at: string, max: number, itemMax: number, what: string): string[] {
  const values = (value ?? []) as readonly unknown[];
  if (values.length > max) throw badInput(`At most ${max} ${what}`, at);
  const out: string[] = [];
  values.forEach((v, i) => {
    const t = text(v, `${at}[${i}]`, itemMax, { required: true });
    if (!out.includes(t)) out.push(t);
  });
  return out;
}

/** Rules fields of money records share; a domain picks them per field and adds its own codes. */
export const fieldRules = {
  title: ((v, at) => text(v, at, RECORD_LIMITS.titleLength, { required: true })) as FieldRule<string>,
  /** Free text, empty is null. */
  optionalText: (max: number): FieldRule<string | null> => (v, at) => (v === null || v === undefined ? null : text(v, at, max) || null),
  amount: ((v, at, ctx) => {
    if (!v) throw badInput('amount is required', at);
    return parseMoneyInput(v as { amount: string; currency?: string | null }, { defaultCurrency: ctx.baseCurrency, field: at });
  }) as FieldRule<{ minor: number; currency: string }>,
  categoryCode: ((v, at, ctx) => {
    const code = text(v, at, 64, { required: true });
    if (!ctx.isKnownCategory(code)) throw badInput(`Unknown category "${code}"`, at);
    return code;
  }) as FieldRule<string>,
  /** A date between 1970 and a year ahead; defaults to now. */
  date: ((v, at, ctx) => (v ? parseRecordDate(v as Date | string, at, ctx.now) : ctx.now)) as FieldRule<Date>,
  /** One of the codes, or `fallback` when not given. */
  code: <T extends string, D extends T | null>(codes: readonly T[], what: string, fallback: D): FieldRule<T | D> =>
    (v, at) => (v ? oneOfCode(v, codes, at, what) : fallback),
  /** A set of codes (duplicates dropped). */
  codes: <T extends string>(codes: readonly T[], what: string): FieldRule<T[]> =>
    (v, at) => [...new Set(((v ?? []) as unknown[]).map((c, i) => oneOfCode(c, codes, `${at}[${i}]`, what)))],
  tags: ((v, at) => textList(v, at, RECORD_LIMITS.tags, RECORD_LIMITS.tagLength, 'tags')) as FieldRule<string[]>,
  notes: ((v, at) => textList(v, at, RECORD_LIMITS.notes, RECORD_LIMITS.noteLength, 'notes')) as FieldRule<string[]>,
  flag: ((v) => Boolean(v)) as FieldRule<boolean>,
};

export function parseRecordDate(value: Date | string, at: string, now: Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`"${String(value)}" is not an ISO 8601 date-time`, at);
  if (date < EARLIEST_DATE) throw badInput('Date is before 1970', at);
  if (date.getTime() > now.getTime() + LATEST_AHEAD_MS) throw badInput('Date is more than a year ahead', at);
  return date;
}

/** A new record's fields: every rule applied, absent values taking the rule's default. */
export function validateFields<Fields>(input: object, ctx: RuleContext, rules: FieldRules<Fields>): Fields {
  const out = {} as Record<keyof Fields, unknown>;
  for (const key of Object.keys(rules) as (keyof Fields)[]) {
    out[key] = rules[key]((input as Record<keyof Fields, unknown>)[key], `${ctx.path}.${String(key)}`, ctx);
  }
  return out as Fields;
}

/** The fields an update changes: only those present; the `required` ones cannot be cleared with null. */
export function validateFieldChanges<Fields>(input: object, ctx: RuleContext, rules: FieldRules<Fields>, required: readonly (keyof Fields)[]): Partial<Fields> {
  const out: Partial<Record<keyof Fields, unknown>> = {};
  const values = input as Record<keyof Fields, unknown>;
  for (const key of Object.keys(rules) as (keyof Fields)[]) {
    if (!(key in input) || values[key] === undefined) continue;
    const at = `${ctx.path}.${String(key)}`;
    if (values[key] === null && required.includes(key)) throw badInput(`${String(key)} cannot be removed`, at);
    out[key] = rules[key](values[key], at, ctx);
  }
  return out as Partial<Fields>;
}

/** What a money record has that the rules fill in from the user rather than the input. */
interface CategorizedRecord extends RecordDoc {
  categoryCode: string;
  /** The user's zone when recorded: it decides the month the record counts in. */
  timeZone: string;
}

/**
 * The record store's rules for a domain: reads the user's profile (base currency, zone) and active
 * categories once per command. A record may keep a category archived since it was recorded.
 */
export function createRecordRules<Doc extends CategorizedRecord, NewInput extends object, ChangeInput extends object>({
  directory,
  categories,
  rules,
  required,
  now = () => new Date(),
}: {
  directory: UserDirectory;
  categories: Pick<CategoryStore, 'activeCodes'>;
  rules: FieldRules<Omit<DomainFields<Doc>, 'timeZone'>>;
  /** Fields an update cannot clear. */
  required: readonly (keyof DomainFields<Doc>)[];
  now?: () => Date;
}) {
  return async (userId: string, current?: Doc): Promise<RecordRules<Doc, NewInput, ChangeInput>> => {
    const [profile, known] = await Promise.all([directory.get(userId), categories.activeCodes(userId)]);
    const at = now();
    const ctx = (path: string): RuleContext => ({
      path,
      baseCurrency: profile.baseCurrency,
      isKnownCategory: (c) => known.has(c) || c === current?.categoryCode,
      now: at,
    });
    return {
      create: (input, path) => ({ ...validateFields(input, ctx(path), rules), timeZone: profile.timeZone }) as DomainFields<Doc>,
      change: (input, path) => validateFieldChanges(input, ctx(path), rules, required as never) as Partial<DomainFields<Doc>>,
    };
  };
}
