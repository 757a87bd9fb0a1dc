import pg from 'pg';
import { getStackEnv, uniqueName } from './stackEnv.ts';

/**
 * A fresh PostgreSQL database for one test file, so files run in parallel without sharing rows.
 * `drop()` removes it (forcing out any connection the test left open).
 */
export async function createTestDatabase(prefix = 'test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = getStackEnv().DATABASE_URL;
  const name = uniqueName(prefix).replaceAll('-', '_');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
