// How a month document is stored. FerretDB on SQLite keeps, beside every stored document, a schema
// giving the type of each nested value. A month's entries (an object keyed by entity id, each an
// object) and its figures (arrays of objects) took ~8 KB of schema for ~2.7 KB of data, and
// FerretDB's CPU per write follows what it decodes and encodes: 6,000 month-like documents cost
// 285-323 µs of FerretDB CPU each to insert and 322-367 µs to clear an outbox entry from, and
// 92-97 and 138-143 µs with these two fields as JSON text. The database never looks inside them
// (months are found by `_id` and by `userId`), so they are stored as text and decoded here.
import type { MonthlyFigures } from '@expensio/events';
import { mergeEntries, type EntityEntries } from '../domain/monthAggregate.ts';
import type { MonthDoc } from './monthStore.ts';

/**
 * A month as stored. Documents written before the text encoding hold objects; they are read as
 * they are and stored as text by their next write (every write sets both fields whole).
 */
export type StoredMonthDoc = Omit<MonthDoc, 'ent' | 'figures'> & {
  ent: string | EntityEntries;
  figures: string | MonthlyFigures;
};

export const encodeEntries = (ent: EntityEntries): string => JSON.stringify(ent);
export const encodeFigures = (figures: MonthlyFigures): string => JSON.stringify(figures);

/** A stored month as the rest of the service sees it. Fields left out by a projection stay out. */
export function decodeMonth(stored: StoredMonthDoc): MonthDoc {
  const doc = { ...stored } as unknown as MonthDoc;
  // Entries as the aggregate works with them: a null-prototype dictionary (see mergeEntries).
  if (stored.ent !== undefined) doc.ent = mergeEntries(typeof stored.ent === 'string' ? (JSON.parse(stored.ent) as EntityEntries) : stored.ent);
  if (typeof stored.figures === 'string') doc.figures = JSON.parse(stored.figures) as MonthlyFigures;
  return doc;
}
