import mongoose, { Schema, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStackEnv, uniqueName } from '@expensio/testing';

// Proves the local FerretDB serves what the subgraphs rely on through mongoose.
describe('local FerretDB through mongoose', () => {
  let conn: Connection;
  const walletSchema = new Schema({
    email: { type: String, required: true, unique: true },
    totals: { spentMinor: { type: Number, default: 0 }, count: { type: Number, default: 0 } },
  });
  const createWallets = (c: Connection) => c.model('Wallet', walletSchema);
  let wallets: ReturnType<typeof createWallets>;

  beforeAll(async () => {
    conn = await mongoose
      .createConnection(getStackEnv().MONGODB_URI, { dbName: uniqueName('stacktest').replaceAll('-', '_') })
      .asPromise();
    wallets = createWallets(conn);
    await wallets.init(); // builds the unique index
  });

  afterAll(async () => {
    await conn.dropDatabase();
    await conn.close();
  });

  it('inserts, upserts with $inc on nested paths, and enforces a unique index', async () => {
    await wallets.create({ email: 'a@example.com' });

    const upserted = await wallets.findOneAndUpdate(
      { email: 'b@example.com' },
      { $inc: { 'totals.spentMinor': 1250, 'totals.count': 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(upserted?.totals?.spentMinor).toBe(1250);

    const again = await wallets.findOneAndUpdate(
      { email: 'b@example.com' },
      { $inc: { 'totals.spentMinor': 750, 'totals.count': 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(again?.totals).toMatchObject({ spentMinor: 2000, count: 2 });
    expect(await wallets.countDocuments()).toBe(2);

    await expect(wallets.create({ email: 'a@example.com' })).rejects.toMatchObject({ code: 11000 });
    expect(await wallets.countDocuments()).toBe(2);
  });
});
