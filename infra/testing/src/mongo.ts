import { MongoClient, type Db } from 'mongodb';
import { getStackEnv, uniqueName } from './stackEnv.ts';

/** A MongoDB (FerretDB) database of its own for one test file; `drop()` removes it. */
export async function createTestMongoDb(prefix = 'test'): Promise<{ client: MongoClient; db: Db; uri: string; name: string; drop: () => Promise<void> }> {
  const uri = getStackEnv().MONGODB_URI;
  const name = uniqueName(prefix).replaceAll('-', '_');
  const client = new MongoClient(uri);
  await client.connect();
  const db = client.db(name);
  return {
    client,
    db,
    uri,
    name,
    drop: async () => {
      await db.dropDatabase().catch(() => {});
      await client.close();
    },
  };
}
