// CSV import of a user's records: column mapping (with default headers), per-row validation with a
// report (line, field, reason), content-derived idempotency keys so re-importing the same file
// creates nothing new, and jobs for files too large for one request. The domain says which fields
// there are and how a row becomes an input; the record store does the writing.
import { createHash, randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { normalizeLabel, type CategoryStore } from './categoryStore.ts';
import { CsvError, parseCsv } from './csv.ts';
import { badInput, isDomainError, notFound } from './errors.ts';
import type { Provenance, RecordDoc, RecordRules } from './recordStore.ts';
import { zonedTimeToUtc } from './time.ts';
import type { UserDirectory } from './userDirectory.ts';

export interface ImportRowError {
  /** 1-based line number in the file (the header is line 1). */
  row: number;
  field: string;
  reason: string;
}

export interface ImportReport {
  /** Set when the file ran as a job: query its progress by this id. */
  jobId: string | null;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  totalRows: number;
  processedRows: number;
  imported: number;
  /** Rows imported before (same content): not created again. */
  duplicates: number;
  errors: ImportRowError[];
}

export interface ColumnMapping {
  field: string;
  column: string;
}

interface JobDoc extends Omit<ImportReport, 'jobId'> {
  _id: string;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Separators of list cells ("a|b", "a; b"). */
const LIST_SPLIT = /\s*[|;]\s*/;

/**
 * One data row, read by field through the column mapping. Every reader trims; a field without a
 * column reads as missing. Readers that cannot make sense of a value throw BAD_USER_INPUT naming
 * `row.<field>`, which lands in the report.
 */
export interface CsvRow<F extends string> {
  /** The cell, or undefined when the file has no column for the field. */
  text(field: F): string | undefined;
  /** The cell, or null when missing or empty. */
  optional(field: F): string | null;
  /** "a|b; c" -> ["a", "b", "c"]; `commas` also splits on commas (tags). */
  list(field: F, options?: { commas?: boolean }): string[];
  /** "Credit card", "CREDIT_CARD", "credit_card" -> credit_card; an unknown value as written. */
  code(field: F, codes: readonly string[]): string | null;
  /** A list of codes, each read like `code`. */
  codes(field: F, codes: readonly string[]): string[];
  /** yes/no, true/false, 1/0; missing is false. */
  bool(field: F): boolean;
  /** "2026-03-01" is that day at noon in the user's zone; anything with a time is taken as given. */
  date(field: F): Date | string | null;
  /** "$1,499.00" -> "1499.00": symbols, spaces and thousands separators go; the decimal point stays. */
  amount(field: F): string;
  /** A category's code from its code or name in any case ("Health and medical"); `fallback` when empty. */
  category(field: F, fallback: string): string;
}

/** Headers every money record recognises without a mapping (lowercased, letters and digits only). */
export const RECORD_HEADERS = {
  title: ['title', 'name', 'item'],
  amount: ['amount', 'value', 'total', 'sum'],
  currency: ['currency', 'ccy', 'currencycode'],
  categoryCode: ['categorycode', 'category'],
  description: ['description', 'details'],
  notes: ['notes', 'note', 'memo'],
  tags: ['tags', 'tag', 'labels'],
  isRecurring: ['isrecurring', 'recurring'],
} as const;
export type RecordField = keyof typeof RECORD_HEADERS;

/** The fields every money record reads from a row the same way; `fallbackCategory` when the cell is empty. */
export function recordRowInput(row: CsvRow<RecordField>, fallbackCategory: string) {
  return {
    title: row.text('title') ?? '',
    amount: { amount: row.amount('amount'), currency: row.optional('currency')?.toUpperCase() ?? null },
    categoryCode: row.category('categoryCode', fallbackCategory),
    description: row.optional('description'),
    notes: row.list('notes'),
    tags: row.list('tags', { commas: true }),
    isRecurring: row.bool('isRecurring'),
  };
}

export interface CsvImporterOptions<F extends string, Input> {
  db: Db;
  directory: UserDirectory;
  /** The fields a column can hold, with the headers recognised without a mapping (any case and punctuation). */
  headers: Record<F, readonly string[]>;
  /** Fields the file must have a column for. Default title and amount. */
  required?: readonly F[];
  categories: CategoryStore;
  /** A row as the input of a create. */
  toInput(row: CsvRow<F>): Input;
  /**
   * Where valid rows go: the record store (idempotent by key). A row is valid when a create of its
   * input would be, by the store's rules.
   */
  store: {
    rules(userId: string): Promise<Pick<RecordRules<RecordDoc, Input, never>, 'create'>>;
    existingKeys(userId: string, keys: readonly string[]): Promise<Set<string>>;
    createMany(userId: string, inputs: readonly (Input & { idempotencyKey: string })[], provenance: Provenance): Promise<unknown>;
  };
  /** The jobs' collection. Default `import_jobs`. */
  jobsCollection?: string;
  /** Up to this many valid rows are imported in the request; more run as a job. Default 500. */
  syncRows?: number;
  /** Rows per write (the store's batch limit). Default 500. */
  chunk?: number;
  /** The largest file, in data rows. Default 50,000. */
  maxRows?: number;
  now?: () => Date;
}

function rowReader<F extends string>(fields: readonly string[], columns: Map<F, number>, timeZone: string, category: (raw: string) => string): CsvRow<F> {
  const text = (f: F) => {
    const i = columns.get(f);
    return i === undefined ? undefined : (fields[i] ?? '').trim();
  };
  const optional = (f: F) => text(f) || null;
  const asCode = (raw: string, codes: readonly string[]) => codes.find((c) => normalizeLabel(c) === normalizeLabel(raw)) ?? raw;
  const list = (f: F, { commas = false } = {}) => (text(f) ? text(f)!.split(commas ? /\s*[|;,]\s*/ : LIST_SPLIT).filter(Boolean) : []);
  return {
    text,
    optional,
    list,
    code: (f, codes) => (optional(f) === null ? null : asCode(optional(f)!, codes)),
    codes: (f, codes) => list(f).map((raw) => asCode(raw, codes)),
    bool(f) {
      const raw = text(f) ?? '';
      const n = normalizeLabel(raw);
      if (['true', 'yes', 'y', '1', 'recurring'].includes(n)) return true;
      if (['false', 'no', 'n', '0', ''].includes(n)) return false;
      throw badInput(`"${raw}" is not yes/no`, `row.${f}`);
    },
    date(f) {
      const raw = optional(f);
      if (raw === null) return null;
      const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
      return day ? zonedTimeToUtc({ year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) }, timeZone) : raw;
    },
    amount: (f) => (text(f) ?? '').replace(/^[^\d.-]+/, '').replace(/[,\s]/g, ''),
    category: (f, fallback) => (text(f) ? category(text(f)!) : fallback),
  };
}

export function createCsvImporter<F extends string, Input>(options: CsvImporterOptions<F, Input>) {
  const { db, directory, headers, required = ['title', 'amount'] as F[], store: sink, syncRows = 500, chunk = 500, maxRows = 50_000, now = () => new Date() } = options;
  const jobs: Collection<JobDoc> = db.collection<JobDoc>(options.jobsCollection ?? 'import_jobs');
  const fields = Object.keys(headers) as F[];

  function columnsOf(header: string[], mapping: readonly ColumnMapping[]): Map<F, number> {
    const columns = new Map<F, number>();
    header.forEach((h, i) => {
      const field = fields.find((f) => headers[f].includes(normalizeLabel(h)));
      if (field && !columns.has(field)) columns.set(field, i);
    });
    mapping.forEach(({ field, column }, i) => {
      if (!(fields as string[]).includes(field)) throw badInput(`Unknown field "${field}"; one of ${fields.join(', ')}`, `mapping[${i}].field`);
      const at = header.findIndex((h) => h.trim() === column.trim());
      if (at < 0) throw badInput(`The CSV has no column "${column}"`, `mapping[${i}].column`);
      columns.set(field as F, at);
    });
    for (const f of required) {
      if (!columns.has(f)) throw badInput(`No column for ${f}: name one in the mapping`, 'mapping');
    }
    return columns;
  }

  /** Parses and validates every row; reads the user's profile and what the domain needs. */
  async function prepareRows(userId: string, csv: string, mapping: readonly ColumnMapping[]) {
    let rows: { line: number; fields: string[] }[];
    try {
      rows = parseCsv(csv);
    } catch (err) {
      if (err instanceof CsvError) throw badInput(`Line ${err.line}: ${err.message}`, 'csv');
      throw err;
    }
    const [header, ...data] = rows;
    if (!header) throw badInput('The CSV is empty', 'csv');
    if (data.length > maxRows) throw badInput(`At most ${maxRows} rows per import`, 'csv');
    const columns = columnsOf(header.fields, mapping);
    const [profile, rules, categories] = await Promise.all([directory.get(userId), sink.rules(userId), options.categories.matcher(userId)]);
    const errors: ImportRowError[] = [];
    const valid: (Input & { idempotencyKey: string })[] = [];
    const seen = new Map<string, number>();
    for (const { line, fields: cells } of data) {
      try {
        const input = options.toInput(rowReader(cells, columns, profile.timeZone, categories.resolve));
        rules.create(input, 'row');
        // The same row content imported again maps to the same key; identical rows within one file
        // (two coffees on one day) stay apart by their occurrence number.
        const content = JSON.stringify(cells.map((c) => c.trim()));
        const occurrence = (seen.get(content) ?? 0) + 1;
        seen.set(content, occurrence);
        valid.push({ ...input, idempotencyKey: `import:${createHash('sha256').update(`${content}#${occurrence}`).digest('base64url')}` });
      } catch (err) {
        if (!isDomainError(err)) throw err;
        const field = String(err.extensions.field ?? 'row').replace(/^row\./, '').split('.')[0]!.replace(/\[\d+\]$/, '');
        errors.push({ row: line, field, reason: err.message });
      }
    }
    return { totalRows: data.length, valid, errors };
  }

  async function insert(userId: string, valid: readonly (Input & { idempotencyKey: string })[], onChunk: (done: number, imported: number, duplicates: number) => Promise<void>) {
    let imported = 0;
    let duplicates = 0;
    for (let i = 0; i < valid.length; i += chunk) {
      const part = valid.slice(i, i + chunk);
      const before = await sink.existingKeys(userId, part.map((c) => c.idempotencyKey));
      await sink.createMany(userId, part, { source: 'import' });
      duplicates += before.size;
      imported += part.length - before.size;
      await onChunk(Math.min(i + chunk, valid.length), imported, duplicates);
    }
    return { imported, duplicates };
  }

  return {
    /**
     * Imports the valid rows and reports the invalid ones (line, field, reason). Up to `syncRows`
     * valid rows complete in the request; a larger file returns a RUNNING job at once.
     */
    async importCsv(userId: string, csv: string, mapping: readonly ColumnMapping[]): Promise<ImportReport> {
      const { totalRows, valid, errors } = await prepareRows(userId, csv, mapping);
      if (valid.length <= syncRows) {
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
export type CsvImporter = ReturnType<typeof createCsvImporter>;
