// The user directory against the stack's FerretDB: profiles are read once and reused for a while,
// and a change this replica applies is seen at once.
import { randomUUID } from 'node:crypto';
import { createEvent, sourceOf } from '@expensio/events';
import { createTestMongoDb } from '@expensio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserDirectory } from '../src/userDirectory.ts';

describe('user directory', () => {
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;
  beforeAll(async () => {
    mongo = await createTestMongoDb('kit_directory');
  });
  afterAll(() => mongo?.drop());

  const registered = (userId: string, firstName: string) =>
    createEvent('USER_REGISTERED', { userId, email: `${userId}@example.com`, username: `u${userId.slice(0, 8)}`, firstName, baseCurrency: 'EUR', timeZone: 'Europe/Paris' }, { subject: userId, source: sourceOf('user') });
  const renamed = (userId: string, firstName: string, profileVersion: number) =>
    createEvent('USER_PROFILE_UPDATED', { userId, username: `u${userId.slice(0, 8)}`, firstName, lastName: null, baseCurrency: 'USD', timeZone: 'Europe/Paris', profileVersion }, { subject: userId, source: sourceOf('user') });

  it('given a profile read, then it is reused until cacheMs has passed (a change made elsewhere shows then)', async () => {
    let clock = 1_000;
    const directory = createUserDirectory(mongo.db, 'profiles_a', { cacheMs: 5_000, now: () => clock });
    const userId = randomUUID();
    await directory.handle(registered(userId, 'Ada'));
    clock += 1;
    expect((await directory.get(userId)).firstName).toBe('Ada');
    // Another replica applied a rename: this replica's cached profile stays until it is too old.
    await mongo.db.collection('profiles_a').updateOne({ _id: userId as never }, { $set: { firstName: 'Adeline' } });
    expect((await directory.get(userId)).firstName).toBe('Ada');
    clock += 5_000;
    expect((await directory.get(userId)).firstName).toBe('Adeline');
  });

  it('given a change applied here, then the next read sees it at once; a deleted user is gone', async () => {
    const directory = createUserDirectory(mongo.db, 'profiles_b');
    const userId = randomUUID();
    await directory.handle(registered(userId, 'Bob'));
    expect(await directory.get(userId)).toMatchObject({ firstName: 'Bob', baseCurrency: 'EUR' });
    await directory.handle(renamed(userId, 'Robert', 2));
    expect(await directory.get(userId)).toMatchObject({ firstName: 'Robert', baseCurrency: 'USD' });
    await directory.remove(userId);
    await expect(directory.get(userId, { waitMs: 0 })).rejects.toThrow(/still being set up/);
  });
});
