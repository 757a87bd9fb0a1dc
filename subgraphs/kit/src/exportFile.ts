// Export of a user's records as a file (GraphQL `ExportFile`): CSV by columns or JSON by a mapper.
import { toCsvText } from './csv.ts';

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
  csv: readonly (readonly [header: string, cell: (doc: Doc) => string])[];
  /** A record as a JSON object. */
  json: (doc: Doc) => unknown;
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
