// Validation of expense input, pure: from GraphQL (or CSV) input to the stored fields, or a
// BAD_USER_INPUT naming the field. Nothing is stored or published unless this passes.
import {
  COGNITIVE_TRIGGERS,
  EXPENSE_TYPES,
  MOODS,
  PAYMENT_METHODS,
  type CognitiveTrigger,
  type ExpenseType,
  type Mood,
  type PaymentMethod,
} from '@expensio/events';
import { badInput, parseMoneyInput, type MoneyValue } from '@expensio/kit';

export const LIMITS = {
  titleLength: 200,
  notes: 10,
  noteLength: 300,
  tags: 20,
  tagLength: 40,
  merchantLength: 200,
  descriptionLength: 2_000,
  batchSize: 500,
} as const;

/** Dates before this are typos (19 instead of 2019), not expenses. */
export const EARLIEST_DATE = new Date('1970-01-01T00:00:00Z');
/** Up to a year ahead: a planned or pre-booked payment. */
const LATEST_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

export interface ExpenseFields {
  title: string;
  description: string | null;
  amount: MoneyValue;
  occurredAt: Date;
  categoryCode: string;
  expenseType: ExpenseType | null;
  paymentMethod: PaymentMethod;
  mood: Mood | null;
  cognitiveTriggers: CognitiveTrigger[];
  tags: string[];
  notes: string[];
  merchant: string | null;
  isRecurring: boolean;
}

/** What a create or update may carry (GraphQL input, with enum values already mapped to codes). */
export interface ExpenseInput {
  title?: string | null;
  amount?: { amount: string; currency?: string | null } | null;
  categoryCode?: string | null;
  occurredAt?: Date | string | null;
  mood?: string | null;
  cognitiveTriggers?: readonly string[] | null;
  expenseType?: string | null;
  paymentMethod?: string | null;
  description?: string | null;
  notes?: readonly string[] | null;
  tags?: readonly string[] | null;
  merchant?: string | null;
  isRecurring?: boolean | null;
}

export interface RuleContext {
  /** Prefix of error paths, e.g. `input` or `inputs[3]`. */
  path: string;
  baseCurrency: string;
  /** True for a built-in or one of the user's active categories. */
  isKnownCategory: (code: string) => boolean;
  now: Date;
}

function text(value: string, field: string, max: number, { required = false } = {}): string {
  const trimmed = value.trim();
  if (required && trimmed.length === 0) throw badInput(`${field.split('.').pop()} must not be empty`, field);
  if (trimmed.length > max) throw badInput(`${field.split('.').pop()} must be at most ${max} characters`, field);
  return trimmed;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const t = text(value, field, max);
  return t.length ? t : null;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string, what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw badInput(`Unknown ${what} "${value}"`, field);
  return value as T;
}

export function parseDate(value: Date | string, field: string, now: Date): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`"${String(value)}" is not an ISO 8601 date-time`, field);
  if (date < EARLIEST_DATE) throw badInput('Date is before 1970', field);
  if (date.getTime() > now.getTime() + LATEST_AHEAD_MS) throw badInput('Date is more than a year ahead', field);
  return date;
}

function list(values: readonly string[], field: string, max: number, itemMax: number, what: string): string[] {
  if (values.length > max) throw badInput(`At most ${max} ${what}`, field);
  const out: string[] = [];
  values.forEach((v, i) => {
    const t = text(v, `${field}[${i}]`, itemMax, { required: true });
    if (!out.includes(t)) out.push(t);
  });
  return out;
}

/** Checks one field's new value; shared by create and update so both apply the same rules. */
function field<K extends keyof ExpenseFields>(key: K, input: ExpenseInput, ctx: RuleContext): ExpenseFields[K] {
  const at = `${ctx.path}.${key}`;
  const v = input[key as keyof ExpenseInput];
  switch (key) {
    case 'title':
      return text(String(v ?? ''), at, LIMITS.titleLength, { required: true }) as ExpenseFields[K];
    case 'description':
      return optionalText(v as string | null, at, LIMITS.descriptionLength) as ExpenseFields[K];
    case 'merchant':
      return optionalText(v as string | null, at, LIMITS.merchantLength) as ExpenseFields[K];
    case 'amount':
      if (!v) throw badInput('amount is required', at);
      return parseMoneyInput(v as { amount: string; currency?: string | null }, {
        defaultCurrency: ctx.baseCurrency,
        field: at,
      }) as ExpenseFields[K];
    case 'categoryCode': {
      const code = text(String(v ?? ''), at, 64, { required: true });
      if (!ctx.isKnownCategory(code)) throw badInput(`Unknown category "${code}"`, at);
      return code as ExpenseFields[K];
    }
    case 'occurredAt':
      return (v ? parseDate(v as Date | string, at, ctx.now) : ctx.now) as ExpenseFields[K];
    case 'mood':
      return (v ? oneOf(v as string, MOODS, at, 'mood') : null) as ExpenseFields[K];
    case 'expenseType':
      return (v ? oneOf(v as string, EXPENSE_TYPES, at, 'expense type') : null) as ExpenseFields[K];
    case 'paymentMethod':
      return (v ? oneOf(v as string, PAYMENT_METHODS, at, 'payment method') : 'unknown') as ExpenseFields[K];
    case 'cognitiveTriggers':
      return [...new Set(((v ?? []) as string[]).map((t, i) => oneOf(t, COGNITIVE_TRIGGERS, `${at}[${i}]`, 'cognitive trigger')))] as ExpenseFields[K];
    case 'tags':
      return list((v ?? []) as string[], at, LIMITS.tags, LIMITS.tagLength, 'tags') as ExpenseFields[K];
    case 'notes':
      return list((v ?? []) as string[], at, LIMITS.notes, LIMITS.noteLength, 'notes') as ExpenseFields[K];
    case 'isRecurring':
      return Boolean(v) as ExpenseFields[K];
    default:
      throw new Error(`no rule for ${String(key)}`);
  }
}

const FIELDS: readonly (keyof ExpenseFields)[] = [
  'title', 'amount', 'categoryCode', 'occurredAt', 'mood', 'cognitiveTriggers', 'expenseType',
  'paymentMethod', 'description', 'notes', 'tags', 'merchant', 'isRecurring',
];

/** A new expense's fields, with defaults (now, base currency, UNKNOWN payment method). */
export function validateNewExpense(input: ExpenseInput, ctx: RuleContext): ExpenseFields {
  const out = {} as Record<keyof ExpenseFields, unknown>;
  for (const key of FIELDS) out[key] = field(key, input, ctx);
  return out as unknown as ExpenseFields;
}

/**
 * The fields an update changes: only those present in the input. `title`, `amount`,
 * `categoryCode`, `occurredAt`, `paymentMethod` and `isRecurring` cannot be cleared with null.
 */
export function validateChanges(input: ExpenseInput, ctx: RuleContext): Partial<ExpenseFields> {
  const out: Partial<Record<keyof ExpenseFields, unknown>> = {};
  const required = new Set<keyof ExpenseFields>(['title', 'amount', 'categoryCode', 'occurredAt', 'paymentMethod', 'isRecurring']);
  for (const key of FIELDS) {
    if (!(key in input) || input[key as keyof ExpenseInput] === undefined) continue;
    if (input[key as keyof ExpenseInput] === null && required.has(key)) {
      throw badInput(`${key} cannot be removed`, `${ctx.path}.${key}`);
    }
    out[key] = field(key, input, ctx);
  }
  return out as Partial<ExpenseFields>;
}
