import type { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMongoDb } from '@expensio/testing';
import { APPLIED_FIELD, applyManyOnce } from '../src/index.ts';

/**
 * What the runtime relies on from the document store, checked against the stack's FerretDB build
 * (infra/local/ferretdb/expensio.patch): single-document updates are atomic under concurrency,
 * large update commands complete, and an _id lookup narrowed by further conditions still honours
 * every condition. Then applyManyOnce, the batched idempotent apply built on those.
 */
describe('document store guarantees (FerretDB as the stack builds it)', () => {
  type Row = { _id: string; n?: number; tag?: string; [APPLIED_FIELD]?: string[] };
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;
  let rows: Collection<Row>;

  beforeAll(async () => {
    mongo = await createTestMongoDb('store');
    rows = mongo.db.collection<Row>('rows');
  });

  afterAll(async () => {
    await mongo.drop();
  });

  it('keeps every one of 300 concurrent increments of one document', async () => {
    await rows.insertOne({ _id: 'counter', n: 0 });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 2
          ? rows.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })
          : rows.findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 1 } }),
      ),
    );
    expect((await rows.findOne({ _id: 'counter' }))?.n).toBe(300);
  });

  it('completes an unordered bulk write of 600 updates (upstream FerretDB deadlocked at 100)', async () => {
    const ids = Array.from({ length: 600 }, (_, i) => `bulk-${i}`);
    await rows.insertMany(ids.map((_id) => ({ _id, n: 0 })));
    const res = await rows.bulkWrite(
      ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 2 } } } })),
      { ordered: false },
    );
    expect(res.modifiedCount).toBe(600);
    expect(await rows.countDocuments({ _id: { $in: ids }, n: 2 })).toBe(600);
  });

  it('applies every statement of one command (one document several times included), and two commands locking the same documents in opposite orders both finish', async () => {
    // The stack's FerretDB writes a command's changes in one transaction, holding each document's
    // lock until then: a later statement on the same document must see the earlier one's change,
    // and two commands must not wait on each other's locks.
    const ids = Array.from({ length: 40 }, (_, i) => `batched-${i}`);
    await rows.insertMany(ids.map((_id) => ({ _id, n: 0 })));
    const statements = ids.flatMap((_id) => [
      { updateOne: { filter: { _id }, update: { $inc: { n: 1 } } } },
      { updateOne: { filter: { _id: ids[0]! }, update: { $inc: { n: 1 } } } },
    ]);
    const reversed = [...statements].reverse();
    await Promise.all([
      rows.bulkWrite(statements, { ordered: true }),
      rows.bulkWrite(reversed, { ordered: true }),
      rows.bulkWrite(statements, { ordered: false }),
    ]);
    const docs = await rows.find({ _id: { $in: ids } }).toArray();
    const n = Object.fromEntries(docs.map((d) => [d._id, d.n]));
    expect(n[ids[0]!]).toBe(3 * 41);
    for (const id of ids.slice(1)) expect(n[id]).toBe(3);
  });

  it('keeps the statements before one that a unique index refuses, and applies none after it', async () => {
    const uniq = mongo.db.collection<{ _id: string; u: string; n: number }>('uniq');
    await uniq.createIndex({ u: 1 }, { unique: true });
    await uniq.insertMany(['a', 'b', 'c', 'd'].map((_id) => ({ _id, u: `u-${_id}`, n: 0 })));
    await expect(
      uniq.bulkWrite(
        [
          { updateOne: { filter: { _id: 'a' }, update: { $inc: { n: 1 } } } },
          { updateOne: { filter: { _id: 'b' }, update: { $inc: { n: 1 } } } },
          { updateOne: { filter: { _id: 'c' }, update: { $set: { u: 'u-a' } } } },
          { updateOne: { filter: { _id: 'd' }, update: { $inc: { n: 1 } } } },
        ],
        { ordered: true },
      ),
    ).rejects.toThrow();
    const byId = Object.fromEntries((await uniq.find({}).toArray()).map((d) => [d._id, d]));
    expect([byId.a?.n, byId.b?.n, byId.c?.u, byId.d?.n]).toEqual([1, 1, 'u-c', 0]);
  });

  it('honours every condition beside an _id equality or $in, and misses absent ids', async () => {
    await rows.insertMany([
      { _id: 'c-1', n: 1, tag: 'a' },
      { _id: 'c-2', n: 2, tag: 'b' },
    ]);
    // Same _id, a condition that does not hold: nothing changes.
    const refused = await rows.updateOne({ _id: 'c-1', tag: 'b' }, { $set: { n: 100 } });
    expect(refused.matchedCount).toBe(0);
    const kept = await rows.updateOne({ _id: { $eq: 'c-1' }, tag: 'a' }, { $set: { n: 10 } });
    expect(kept.modifiedCount).toBe(1);
    const found = await rows
      .find({ _id: { $in: ['c-1', 'c-2', 'c-missing'] }, n: { $gte: 2 } })
      .sort({ _id: 1 })
      .toArray();
    expect(found.map((r) => [r._id, r.n])).toEqual([
      ['c-1', 10],
      ['c-2', 2],
    ]);
    // A numeric _id is not narrowed in SQL (1 and 1.0 are equal in MongoDB), and still matches.
    const numeric = mongo.db.collection<{ _id: number; v: string }>('numeric');
    await numeric.insertOne({ _id: 1, v: 'x' });
    expect(await numeric.countDocuments({ _id: 1.0 })).toBe(1);
  });

  it('finds one user\'s documents through an index on userId, with MongoDB\'s equality (arrays included), and updates and deletes by it', async () => {
    type Owned = { _id: string; userId?: unknown; at: number };
    const owned = mongo.db.collection<Owned>('owned');
    await owned.createIndex({ userId: 1, at: -1 });
    await owned.insertMany([
      { _id: 'o-1', userId: 'u1', at: 1 },
      { _id: 'o-2', userId: 'u2', at: 2 },
      { _id: 'o-3', userId: ['u2', 'u1'], at: 3 },
      { _id: 'o-4', userId: 'u1', at: 4 },
      { _id: 'o-5', userId: 'u10', at: 5 },
      { _id: 'o-6', userId: '<u1> & "u1"', at: 6 },
      { _id: 'o-7', at: 7 },
      { _id: 'o-8', userId: { id: 'u1' }, at: 8 },
    ]);
    const ids = async (filter: object) => (await owned.find(filter).sort({ at: 1, _id: 1 }).toArray()).map((d) => d._id);
    expect(await ids({ userId: 'u1' })).toEqual(['o-1', 'o-3', 'o-4']);
    expect(await ids({ userId: { $eq: 'u1' }, at: { $gt: 1 } })).toEqual(['o-3', 'o-4']);
    expect(await ids({ userId: '<u1> & "u1"' })).toEqual(['o-6']);
    expect(await ids({ userId: 'nobody' })).toEqual([]);
    // Narrowed in SQL by the index (the stack's build, infra/local/ferretdb/README.md).
    const plan = (await owned.find({ userId: 'u1' }).explain()) as { filterPushdown?: boolean; queryPlanner?: { Plan?: string[] } };
    expect(plan.filterPushdown).toBe(true);
    expect(JSON.stringify(plan.queryPlanner)).toContain('USING INDEX');
    // Not narrowed, and still MongoDB's answer: null also matches a missing field.
    expect(await ids({ userId: null })).toEqual(['o-7']);
    expect((await owned.updateMany({ userId: 'u1' }, { $set: { at: 0 } })).modifiedCount).toBe(3);
    expect((await owned.deleteMany({ userId: 'u2' })).deletedCount).toBe(2);
    expect(await ids({})).toEqual(['o-1', 'o-4', 'o-5', 'o-6', 'o-7', 'o-8']);
  });

  it('applyManyOnce applies each item once and answers duplicate for an item seen before', async () => {
    const item = (id: string, eventIds: string[], n: number) => ({
      id,
      eventIds,
      update: { $inc: { n } },
    });
    // First delivery: two new documents and one existing.
    await rows.insertOne({ _id: 'm-3', n: 5 });
    const first = await applyManyOnce(rows, [
      item('m-1', ['e1', 'e2'], 3),
      item('m-2', ['e3'], 1),
      item('m-3', ['e4'], 2),
    ]);
    expect(first).toEqual(['applied', 'applied', 'applied']);
    // Redelivery of the whole batch, plus one new event: only the new one counts.
    const again = await applyManyOnce(rows, [
      item('m-1', ['e1', 'e2'], 3),
      item('m-2', ['e3'], 1),
      item('m-3', ['e4'], 2),
      item('m-4', ['e5'], 7),
    ]);
    expect(again).toEqual(['duplicate', 'duplicate', 'duplicate', 'applied']);
    // A group mixing an applied event with a new one changes nothing: the caller goes one by one.
    expect(await applyManyOnce(rows, [item('m-2', ['e3', 'e6'], 9)])).toEqual(['duplicate']);
    const docs = await rows
      .find({ _id: { $in: ['m-1', 'm-2', 'm-3', 'm-4'] } })
      .sort({ _id: 1 })
      .toArray();
    expect(docs.map((d) => [d._id, d.n, d[APPLIED_FIELD]])).toEqual([
      ['m-1', 3, ['e1', 'e2']],
      ['m-2', 1, ['e3']],
      ['m-3', 7, ['e4']],
      ['m-4', 7, ['e5']],
    ]);
    expect(await applyManyOnce(rows, [])).toEqual([]);
  });
});
