// CSV import and CSV/JSON export of expenses.
import { createHash, randomUUID } from 'node:crypto';
import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, minorUnitsToDecimal, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { badInput, CsvError, isDomainError, notFound, parseCsv, toCsvText, toMoney, zonedTimeToUtc, type UserDirectory } from '@expensio/kit';
import type { Collection, Db } from 'mongodb';
import type { ExpenseDoc } from '../model/expenseModel.ts';
import type { Categories } from './categories.ts';
import { validateNewExpense, type ExpenseInput } from './expenseRules.ts';
import type { ExpenseService, NewExpenseInput } from './expenseService.ts';
import { BUILT_IN_CATEGORIES } from './vocabulary.ts';

export const IMPORT_FIELDS = [
  'title', 'amount', 'currency', 'categoryCode', 'occurredAt', 'mood', 'cognitiveTriggers', 'expenseType',
  'paymentMethod', 'description', 'notes', 'tags', 'merchant', 'isRecurring',
] as const;
type ImportField = (typeof IMPORT_FIELDS)[number];

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Headers recognised without a mapping (compared lowercased, letters and digits only). */
const DEFAULT_HEADERS: Record<ImportField, string[]> = {
  title: ['title', 'name', 'item', 'expense'],
  amount: ['amount', 'cost', 'price', 'value', 'total', 'sum'],
  currency: ['currency', 'ccy', 'currencycode'],
  categoryCode: ['categorycode', 'category'],
  occurredAt: ['occurredat', 'date', 'datetime', 'when', 'time', 'spenton'],
  mood: ['mood', 'feeling'],
  cognitiveTriggers: ['cognitivetriggers', 'triggers', 'trigger'],
  expenseType: ['expensetype', 'type'],
  paymentMethod: ['paymentmethod', 'payment', 'method', 'paidwith'],
  description: ['description', 'details'],
  notes: ['notes', 'note', 'memo'],
  tags: ['tags', 'tag', 'labels'],
  merchant: ['merchant', 'store', 'shop', 'vendor', 'payee'],
  isRecurring: ['isrecurring', 'recurring'],
};

/** Up to this many rows are imported in the request; more run as a job whose progress is queried. */
export const SYNC_IMPORT_ROWS = 500;
const MAX_IMPORT_ROWS = 50_000;
const CHUNK = 500;

export interface ImportRowError {
  row: number;
  field: string;
  reason: string;
}

export interface ImportReport {
  jobId: string | null;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  totalRows: number;
  processedRows: number;
  imported: number;
  duplicates: number;
  errors: ImportRowError[];
}

interface JobDoc extends Omit<ImportReport, 'jobId'> {
  _id: string;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
}

const LIST_SPLIT = /\s*[|;]\s*/;

/** "Credit card", "CREDIT_CARD", "credit_card" -> credit_card. */
function enumCode<T extends string>(raw: string, codes: readonly T[]): T | string {
  const n = norm(raw);
  return codes.find((c) => norm(c) === n) ?? raw;
}

const categoryByName = new Map(BUILT_IN_CATEGORIES.flatMap((c) => [[norm(c.name), c.code], [norm(c.code), c.code]]));

function parseBool(raw: string): boolean | string {
  const n = norm(raw);
  if (['true', 'yes', 'y', '1', 'recurring'].includes(n)) return true;
  if (['false', 'no', 'n', '0', ''].includes(n)) return false;
  return raw;
}

/** "2026-03-01" is a day in the user's zone (local noon); anything with a time is taken as given. */
function parseWhen(raw: string, timeZone: string): Date | string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (day) return zonedTimeToUtc({ year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) }, timeZone);
  return raw.trim();
}

/** "$1,499.00" -> "1499.00": symbols, spaces and thousands separators go; the decimal point stays. */
function cleanAmount(raw: string): string {
  return raw.trim().replace(/^[^\d.-]+/, '').replace(/[,\s]/g, '');
}

export function toCsv(rows: readonly ExpenseDoc[]): string {
  const header = ['id', 'occurredAt', 'title', 'amount', 'currency', 'categoryCode', 'mood', 'cognitiveTriggers', 'expenseType', 'paymentMethod', 'merchant', 'tags', 'notes', 'description', 'isRecurring', 'version', 'createdAt'];
  return toCsvText(
    header,
    rows.map((e) => [
      e._id.toHexString(),
      e.occurredAt.toISOString(),
      e.title,
      minorUnitsToDecimal(e.amount.minor, e.amount.currency),
      e.amount.currency,
      e.categoryCode,
      e.mood ?? '',
      e.cognitiveTriggers.join('|'),
      e.expenseType ?? '',
      e.paymentMethod,
      e.merchant ?? '',
      e.tags.join('|'),
      e.notes.join('|'),
      e.description ?? '',
      String(e.isRecurring),
      String(e.version),
      e.createdAt.toISOString(),
    ]),
  );
}

export function toJsonExport(rows: readonly ExpenseDoc[]): string {
  return JSON.stringify(
    rows.map((e) => ({
      id: e._id.toHexString(),
      title: e.title,
      amount: toMoney(e.amount),
      categoryCode: e.categoryCode,
      occurredAt: e.occurredAt.toISOString(),
      mood: e.mood,
      cognitiveTriggers: e.cognitiveTriggers,
      expenseType: e.expenseType,
      paymentMethod: e.paymentMethod,
      description: e.description,
      notes: e.notes,
      tags: e.tags,
      merchant: e.merchant,
      isRecurring: e.isRecurring,
      version: e.version,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    })),
    null,
    2,
  );
}

export function createExpenseImporter({
  db,
  expenses,
  categories,
  directory,
  now = () => new Date(),
}: {
  db: Db;
  expenses: ExpenseService;
  categories: Categories;
  directory: UserDirectory;
  now?: () => Date;
}) {
  const jobs: Collection<JobDoc> = db.collection<JobDoc>('import_jobs');

  function columnsOf(header: string[], mapping: readonly { field: string; column: string }[]): Map<ImportField, number> {
    const columns = new Map<ImportField, number>();
    header.forEach((h, i) => {
      const field = IMPORT_FIELDS.find((f) => DEFAULT_HEADERS[f].includes(norm(h)));
      if (field && !columns.has(field)) columns.set(field, i);
    });
    mapping.forEach(({ field, column }, i) => {
      if (!(IMPORT_FIELDS as readonly string[]).includes(field)) {
        throw badInput(`Unknown field "${field}"; one of ${IMPORT_FIELDS.join(', ')}`, `mapping[${i}].field`);
      }
      const at = header.findIndex((h) => h.trim() === column.trim());
      if (at < 0) throw badInput(`The CSV has no column "${column}"`, `mapping[${i}].column`);
      columns.set(field as ImportField, at);
    });
    for (const required of ['title', 'amount'] as const) {
      if (!columns.has(required)) throw badInput(`No column for ${required}: name one in the mapping`, 'mapping');
    }
    return columns;
  }

  /** Parses and validates every row; pure apart from reading the user's profile and categories. */
  async function prepareRows(userId: string, csv: string, mapping: readonly { field: string; column: string }[]) {
    let rows: { line: number; fields: string[] }[];
    try {
      rows = parseCsv(csv);
    } catch (err) {
      if (err instanceof CsvError) throw badInput(`Line ${err.line}: ${err.message}`, 'csv');
      throw err;
    }
    const [header, ...data] = rows;
    if (!header) throw badInput('The CSV is empty', 'csv');
    if (data.length > MAX_IMPORT_ROWS) throw badInput(`At most ${MAX_IMPORT_ROWS} rows per import`, 'csv');
    const columns = columnsOf(header.fields, mapping);
    const profile = await directory.get(userId);
    const known = await categories.activeCodes(userId);
    const knownByNorm = new Map([...known].map((c) => [norm(c), c]));
    const at = now();
    const errors: ImportRowError[] = [];
    const valid: NewExpenseInput[] = [];
    const seen = new Map<string, number>();

    for (const { line, fields } of data) {
      const get = (f: ImportField) => {
        const i = columns.get(f);
        return i === undefined ? undefined : (fields[i] ?? '').trim();
      };
      const orNull = (v: string | undefined) => (v ? v : null);
      const category = get('categoryCode');
      const input: ExpenseInput = {
        title: get('title') ?? '',
        amount: { amount: cleanAmount(get('amount') ?? ''), currency: orNull(get('currency'))?.toUpperCase() ?? null },
        categoryCode: category ? (knownByNorm.get(norm(category)) ?? categoryByName.get(norm(category)) ?? category) : 'miscellaneous',
        occurredAt: get('occurredAt') ? parseWhen(get('occurredAt')!, profile.timeZone) : null,
        mood: orNull(get('mood')) && enumCode(get('mood')!, MOODS),
        cognitiveTriggers: get('cognitiveTriggers') ? get('cognitiveTriggers')!.split(LIST_SPLIT).filter(Boolean).map((t) => enumCode(t, COGNITIVE_TRIGGERS)) : [],
        expenseType: orNull(get('expenseType')) && enumCode(get('expenseType')!, EXPENSE_TYPES),
        paymentMethod: orNull(get('paymentMethod')) && enumCode(get('paymentMethod')!, PAYMENT_METHODS),
        description: orNull(get('description')),
        notes: get('notes') ? get('notes')!.split(LIST_SPLIT).filter(Boolean) : [],
        tags: get('tags') ? get('tags')!.split(/\s*[|;,]\s*/).filter(Boolean) : [],
        merchant: orNull(get('merchant')),
        isRecurring: get('isRecurring') === undefined ? false : (parseBool(get('isRecurring')!) as boolean),
      };
      if (typeof input.isRecurring !== 'boolean') {
        errors.push({ row: line, field: 'isRecurring', reason: `"${String(input.isRecurring)}" is not yes/no` });
        continue;
      }
      try {
        validateNewExpense(input, { path: 'row', baseCurrency: profile.baseCurrency, isKnownCategory: (c) => known.has(c), now: at });
      } catch (err) {
        if (!isDomainError(err)) throw err;
        const field = String(err.extensions.field ?? 'row').replace(/^row\./, '').split('.')[0]!.replace(/\[\d+\]$/, '');
        errors.push({ row: line, field, reason: err.message });
        continue;
      }
      // The same row content imported again maps to the same key; identical rows within one file
      // (two coffees on one day) stay apart by their occurrence number.
      const content = JSON.stringify(fields.map((f) => f.trim()));
      const occurrence = (seen.get(content) ?? 0) + 1;
      seen.set(content, occurrence);
      const idempotencyKey = `import:${createHash('sha256').update(`${content}#${occurrence}`).digest('base64url')}`;
      valid.push({ ...input, idempotencyKey });
    }
    return { totalRows: data.length, valid, errors };
  }

  async function insert(userId: string, valid: readonly NewExpenseInput[], onChunk: (done: number, imported: number, duplicates: number) => Promise<void>) {
    let imported = 0;
    let duplicates = 0;
    for (let i = 0; i < valid.length; i += CHUNK) {
      const chunk = valid.slice(i, i + CHUNK);
      const before = await expenses.existingKeys(userId, chunk.map((c) => c.idempotencyKey!));
      await expenses.createMany(userId, chunk, { source: 'import' });
      duplicates += before.size;
      imported += chunk.length - before.size;
      await onChunk(Math.min(i + CHUNK, valid.length), imported, duplicates);
    }
    return { imported, duplicates };
  }

  return {
    /**
     * Imports the valid rows and reports the invalid ones (line, field, reason). Up to
     * SYNC_IMPORT_ROWS rows complete in the request; a larger file returns a RUNNING job at once.
     */
    async importCsv(userId: string, csv: string, mapping: readonly { field: string; column: string }[]): Promise<ImportReport> {
      const { totalRows, valid, errors } = await prepareRows(userId, csv, mapping);
      if (valid.length <= SYNC_IMPORT_ROWS) {
        const { imported, duplicates } = await insert(userId, valid, async () => {});
        return { jobId: null, status: 'COMPLETED', totalRows, processedRows: totalRows, imported, duplicates, errors };
      }
      const job: JobDoc = {
        _id: randomUUID(), userId, status: 'RUNNING', totalRows, processedRows: errors.length,
        imported: 0, duplicates: 0, errors, createdAt: now(), updatedAt: now(),
      };
      await jobs.insertOne(job);
      void insert(userId, valid, (done, imported, duplicates) =>
        jobs.updateOne({ _id: job._id }, { $set: { processedRows: errors.length + done, imported, duplicates, updatedAt: now() } }).then(() => {}),
      ).then(
        () => jobs.updateOne({ _id: job._id }, { $set: { status: 'COMPLETED', updatedAt: now() } }),
        // Rows imported so far stay; importing the same file again completes it without duplicates.
        (err: unknown) => jobs.updateOne({ _id: job._id }, { $set: { status: 'FAILED', updatedAt: now(), failure: String((err as Error)?.message ?? err) } }),
      );
      return { ...job, jobId: job._id };
    },

    async job(userId: string, id: string): Promise<ImportReport> {
      const doc = await jobs.findOne({ _id: id, userId });
      if (!doc) throw notFound('ImportJob', id);
      const { _id, totalRows, processedRows, imported, duplicates, errors, status } = doc;
      return { jobId: _id, status, totalRows, processedRows, imported, duplicates, errors };
    },

    purge: async (userId: string) => (await jobs.deleteMany({ userId })).deletedCount,
  };
}
export type ExpenseImporter = ReturnType<typeof createExpenseImporter>;
