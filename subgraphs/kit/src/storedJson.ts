// Values a service keeps in a document but never queries inside (a read model's state, an
// aggregate's entries, a copy of another service's figures) are stored as JSON text. FerretDB on
// SQLite stores, beside every document, a schema giving the type of each nested value, and reads
// and writes decode and encode both: nested objects and arrays cost several times their size in
// FerretDB CPU (measured in infra/local/ferretdb/README.md, "What a stored document costs"). Fields
// that filters and indexes use stay fields.

export const toStoredJson = (value: unknown): string => JSON.stringify(value);

/**
 * The value of a field stored by toStoredJson, or the object an older build stored there (such a
 * document reads as it is, and its next write stores text).
 */
export function fromStoredJson<T>(stored: string | T): T {
  return typeof stored === 'string' ? (JSON.parse(stored) as T) : stored;
}
