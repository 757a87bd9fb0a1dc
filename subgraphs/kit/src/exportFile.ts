// Export of a user's records as a file (GraphQL `ExportFile`): CSV by columns or JSON by a mapper.
import { minorUnitsToDecimal } from '@expensio/events';
import { toCsvText } from './csv.ts';
import { toMoney, type MoneyValue } from './money.ts';

export type ExportFormat = 'CSV' | 'JSON';

export interface ExportFile {
  format: ExportFormat;
  filename: string;
  contentType: string;
  content: string;
  rowCount: number;
}

export interface ExportShape<Doc> {
  /** The CSV columns: header and how a record fills it. */
  csv: readonly Column<Doc>[];
  /** A record as a JSON object. */
  json: (doc: Doc) => unknown;
}

type Column<Doc> = readonly [header: string, cell: (doc: Doc) => string];

/** A money record as stored, as far as the export's shared columns go. */
interface ExportableRecord {
  _id: { toHexString(): string };
  title: string;
  amount: MoneyValue;
  categoryCode: string;
  tags: string[];
  notes: string[];
  description: string | null;
  isRecurring: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A money record's export: id, its date, title, amount, currency, category, the domain's columns,
 * then tags, notes, description, recurring, version, createdAt (CSV); JSON likewise, money as
 * GraphQL's `Money`. An exported CSV imports back as the same records.
 */
export function recordExportShape<Doc extends ExportableRecord>(
  date: readonly [field: string, get: (doc: Doc) => Date],
  domain: { csv: readonly Column<Doc>[]; json: (doc: Doc) => Record<string, unknown> },
): ExportShape<Doc> {
  const [dateField, dateOf] = date;
  return {
    csv: [
      ['id', (d) => d._id.toHexString()],
      [dateField, (d) => dateOf(d).toISOString()],
      ['title', (d) => d.title],
      ['amount', (d) => minorUnitsToDecimal(d.amount.minor, d.amount.currency)],
      ['currency', (d) => d.amount.currency],
      ['categoryCode', (d) => d.categoryCode],
      ...domain.csv,
      ['tags', (d) => d.tags.join('|')],
      ['notes', (d) => d.notes.join('|')],
      ['description', (d) => d.description ?? ''],
      ['isRecurring', (d) => String(d.isRecurring)],
      ['version', (d) => String(d.version)],
      ['createdAt', (d) => d.createdAt.toISOString()],
    ],
    json: (d) => ({
      id: d._id.toHexString(),
      title: d.title,
      amount: toMoney(d.amount),
      categoryCode: d.categoryCode,
      [dateField]: dateOf(d).toISOString(),
      ...domain.json(d),
      description: d.description,
      notes: d.notes,
      tags: d.tags,
      isRecurring: d.isRecurring,
      version: d.version,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    }),
  };
}

/** `expenses-2026-11-24.csv`: the basename, today's date (UTC) and the format's extension. */
export function exportFile<Doc>(format: ExportFormat, basename: string, rows: readonly Doc[], shape: ExportShape<Doc>, now = new Date()): ExportFile {
  const stamp = now.toISOString().slice(0, 10);
  return format === 'JSON'
    ? { format, filename: `${basename}-${stamp}.json`, contentType: 'application/json', content: JSON.stringify(rows.map(shape.json), null, 2), rowCount: rows.length }
    : {
        format,
        filename: `${basename}-${stamp}.csv`,
        contentType: 'text/csv; charset=utf-8',
        content: toCsvText(shape.csv.map(([h]) => h), rows.map((r) => shape.csv.map(([, cell]) => cell(r)))),
        rowCount: rows.length,
      };
}
