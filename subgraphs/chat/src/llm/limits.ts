// Per-user limits kept in MongoDB, so they hold across replicas: a fixed-window counter of messages
// per user and minute ($inc on one document), and LLM tokens per user and month.
import { rateLimited } from '@expensio/kit';
import type { Collection, Db } from 'mongodb';

interface WindowDoc {
  _id: string;
  userId: string;
  count: number;
  expiresAt: Date;
}
interface UsageDoc {
  _id: string;
  userId: string;
  month: string;
  tokens: number;
  calls: number;
  /** The user was told once this month that the allowance is used up. */
  exhaustedNoticeAt?: Date;
}

const MINUTE = 60_000;
const monthKey = (now: Date) => now.toISOString().slice(0, 7);

export function createLimits(db: Db, { perMinute, monthlyTokens }: { perMinute: number; monthlyTokens: number }) {
  const windows: Collection<WindowDoc> = db.collection<WindowDoc>('rate_windows');
  const usage: Collection<UsageDoc> = db.collection<UsageDoc>('llm_usage');

  return {
    windows,
    usage,
    monthlyTokens,
    async init() {
      // Old windows go away by themselves where TTL indexes are supported; harmless where not.
      await windows.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }).catch(() => undefined);
    },
    /** Counts one message; throws RATE_LIMITED past the limit of this minute. */
    async hit(userId: string, now: Date): Promise<void> {
      const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
      const _id = `${userId}|${start}`;
      let doc: WindowDoc | null = null;
      for (let attempt = 0; attempt < 3 && !doc; attempt++) {
        try {
          doc = await windows.findOneAndUpdate(
            { _id },
            { $inc: { count: 1 }, $setOnInsert: { userId, expiresAt: new Date(start + 2 * MINUTE) } },
            { upsert: true, returnDocument: 'after' },
          );
        } catch (err) {
          // Two first hits of a window upserting at once: one wins, the other retries as an update.
          if ((err as { code?: number }).code !== 11000) throw err;
        }
      }
      if (doc && doc.count > perMinute) {
        throw rateLimited(Math.max(1, Math.ceil((start + MINUTE - now.getTime()) / 1000)), `At most ${perMinute} messages a minute; try again shortly`);
      }
    },
    /** Whether the user still has LLM tokens this month. */
    async hasAllowance(userId: string, now: Date): Promise<boolean> {
      const doc = await usage.findOne({ _id: `${userId}|${monthKey(now)}` });
      return (doc?.tokens ?? 0) < monthlyTokens;
    },
    async meter(userId: string, tokens: number, now: Date): Promise<void> {
      const month = monthKey(now);
      await usage.updateOne({ _id: `${userId}|${month}` }, { $inc: { tokens, calls: 1 }, $setOnInsert: { userId, month } }, { upsert: true });
    },
    /** True once a month: the first reply after the allowance ran out says so. */
    async claimExhaustedNotice(userId: string, now: Date): Promise<boolean> {
      const res = await usage.updateOne({ _id: `${userId}|${monthKey(now)}`, exhaustedNoticeAt: { $exists: false } }, { $set: { exhaustedNoticeAt: now } });
      return res.modifiedCount === 1;
    },
    purge: async (userId: string) => (await windows.deleteMany({ userId })).deletedCount + (await usage.deleteMany({ userId })).deletedCount,
  };
}
export type Limits = ReturnType<typeof createLimits>;
