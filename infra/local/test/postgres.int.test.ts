import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@expensio/testing';
import { accounts } from './fixtures/schema.ts';

// Proves the local PostgreSQL runs drizzle migrations and real transactions.
describe('local PostgreSQL through drizzle', () => {
  let pool: pg.Pool;
  let db: NodePgDatabase;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const testDb = await createTestDatabase('stacktest');
    drop = testDb.drop;
    pool = new pg.Pool({ connectionString: testDb.url });
    db = drizzle(pool);
  });

  afterAll(async () => {
    await pool.end();
    await drop();
  });

  it('applies the committed migration, and a failed transaction leaves nothing behind', async () => {
    await migrate(db, { migrationsFolder: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)) });
    const tables = await db.execute(sql`select table_name from information_schema.tables where table_name = 'accounts'`);
    expect(tables.rows).toHaveLength(1);

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(accounts).values({ email: 'rolled@example.com', balanceMinor: 100 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.select().from(accounts)).toHaveLength(0);

    await db.transaction(async (tx) => {
      await tx.insert(accounts).values({ email: 'kept@example.com', balanceMinor: 100 });
    });
    const rows = await db.select().from(accounts);
    expect(rows.map((r) => r.email)).toEqual(['kept@example.com']);

    // Applying the same migrations again is a no-op, as at every service start.
    await migrate(db, { migrationsFolder: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)) });
    expect(await db.select().from(accounts)).toHaveLength(1);
  });
});
