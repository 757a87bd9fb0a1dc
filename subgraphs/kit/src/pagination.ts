import { badInput } from './errors.ts';

/**
 * Opaque cursors for keyset pagination: the sort key values of the last row seen, base64url JSON.
 * Keyset rather than offset, so a page does not shift when rows are added before it.
 */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Reads a cursor made by encodeCursor with `arity` values; anything else is BAD_USER_INPUT. */
export function decodeCursor(cursor: string, arity: number, field = 'after'): (string | number | null)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return values as (string | number | null)[];
    }
  } catch {
    /* falls through to the error below */
  }
  throw badInput('Invalid cursor: pass an endCursor from a previous page', field);
}

/** Page sizes: 1 to `max` (default 100). */
export function pageSize(first: number | null | undefined, { max = 100, fallback = 20, field = 'first' } = {}): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`${field} must be between 1 and ${max}`, field);
  return n;
}
