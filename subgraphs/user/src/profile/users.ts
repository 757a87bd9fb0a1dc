import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { badInput, notFound } from '@expensio/kit';
import { createEvent, enqueueEvents, sourceOf } from '@expensio/events';
import { isUniqueViolation } from '../db/database.ts';
import type { Db, Tx } from '../db/database.ts';
import { users } from '../db/schema.ts';
import type { Profile } from './profileRules.ts';

export type UserRow = typeof users.$inferSelect;

const USERNAME_TAKEN = 'users_username_unique';

function usernameTaken(field: string) {
  return badInput('That username is taken; choose another', field);
}

export async function findUserByEmail(tx: Tx | Db, email: string): Promise<UserRow | undefined> {
  const [row] = await tx.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUserById(db: Tx | Db, id: string): Promise<UserRow | undefined> {
  // A malformed id can be no user's id (and would make PostgreSQL refuse the uuid cast).
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** Creates the account and its USER_REGISTERED event in the caller's transaction. */
export async function registerUser(
  tx: Tx,
  email: string,
  profile: Profile,
  at: Date,
): Promise<UserRow> {
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, profile.username));
  if (taken) throw usernameTaken('profile.username');
  const id = randomUUID();
  const [row] = await tx
    .insert(users)
    .values({ id, email, ...profile, createdAt: at, updatedAt: at })
    .returning();
  if (row === undefined) throw new Error('insert returned no row');
  await enqueueEvents(tx, [
    createEvent(
      'USER_REGISTERED',
      {
        userId: id,
        email,
        username: profile.username,
        firstName: profile.firstName,
        baseCurrency: profile.baseCurrency,
        timeZone: profile.timeZone,
      },
      { subject: id, source: sourceOf('user'), time: at },
    ),
  ]);
  return row;
}

/** Maps a unique-violation on the username raised by a concurrent registration or update. */
export function rethrowUsernameTaken(error: unknown, field: string): never {
  if (isUniqueViolation(error, USERNAME_TAKEN)) throw usernameTaken(field);
  throw error;
}

/**
 * Applies a profile change and its USER_PROFILE_UPDATED event in one transaction (other services
 * keep the base currency and time zone for defaults and month buckets).
 */
export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Profile>,
  at: Date,
): Promise<UserRow> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .update(users)
        .set({ ...changes, updatedAt: at, profileVersion: sql`${users.profileVersion} + 1` })
        .where(eq(users.id, id))
        .returning();
      if (row === undefined) throw notFound('User', id);
      await enqueueEvents(tx, [
        createEvent(
          'USER_PROFILE_UPDATED',
          {
            userId: row.id,
            username: row.username,
            firstName: row.firstName,
            lastName: row.lastName,
            baseCurrency: row.baseCurrency,
            timeZone: row.timeZone,
            profileVersion: row.profileVersion,
          },
          { subject: row.id, source: sourceOf('user'), time: at },
        ),
      ]);
      return row;
    });
  } catch (error) {
    return rethrowUsernameTaken(error, 'input.username');
  }
}
