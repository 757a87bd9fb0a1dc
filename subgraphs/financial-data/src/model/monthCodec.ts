// How a month document is stored: its entries and figures as JSON text (the kit's storedJson says
// why). Here they took ~8 KB of FerretDB's type schema for ~2.7 KB of data; 6,000 month-like
// documents cost 285-323 µs of FerretDB CPU each to insert and 322-367 µs to clear an outbox entry
// from as objects, 92-97 and 138-143 µs as text. Months are found by `_id` and by `userId` only.
import type { MonthlyFigures } from '@expensio/events';
import { fromStoredJson, toStoredJson } from '@expensio/kit';
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

export const encodeEntries = (ent: EntityEntries): string => toStoredJson(ent);
export const encodeFigures = (figures: MonthlyFigures): string => toStoredJson(figures);

/** A stored month as the rest of the service sees it. Fields left out by a projection stay out. */
export function decodeMonth(stored: StoredMonthDoc): MonthDoc {
  const doc = { ...stored } as unknown as MonthDoc;
  // Entries as the aggregate works with them: a null-prototype dictionary (see mergeEntries).
  if (stored.ent !== undefined) doc.ent = mergeEntries(fromStoredJson(stored.ent));
  if (stored.figures !== undefined) doc.figures = fromStoredJson(stored.figures);
  return doc;
}
