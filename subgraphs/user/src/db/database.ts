import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction of `Db`, as drizzle passes it to `db.transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** Applies the committed migrations that are not applied yet. */
  migrate(): Promise<void>;
  /** For /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface CreateDatabaseOptions {
  url: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** Errors of idle connections (a restarted server); without a listener they would crash the process. */
  onIdleError?: (error: Error) => void;
}

export function createDatabase(options: CreateDatabaseOptions): Database {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  // The pool replaces a broken idle connection on next use; there is nothing else to do about it.
  pool.on('error', options.onIdleError ?? (() => {}));
  const db = drizzle(pool, { schema });
  return {
    db,
    pool,
    migrate: () => migrate(db, { migrationsFolder }),
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

/** PostgreSQL's unique_violation, optionally on one constraint (drizzle wraps the pg error as `cause`). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const { code, constraint: name } = current as Error & { code?: unknown; constraint?: unknown };
    if (code === '23505') return constraint === undefined || name === constraint;
  }
  return false;
}
