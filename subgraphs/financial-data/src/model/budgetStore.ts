// Budgets: one document per user and scope (overall, or a category). Small and read per batch.
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { budgetScope, type Budget } from '../domain/budgets.ts';

type BudgetDoc = Budget & { _id: string };

export interface BudgetStore {
  collection: Collection<BudgetDoc>;
  /** Sets (replaces) a budget; a new budgetId each time. */
  set(userId: string, categoryCode: string | null, amount: Budget['amount'], fromMonth: string, now: Date): Promise<Budget>;
  remove(userId: string, categoryCode: string | null): Promise<boolean>;
  list(userId: string): Promise<Budget[]>;
  /** Budgets of many users at once (one query per consumed batch). */
  forUsers(userIds: readonly string[]): Promise<Map<string, Budget[]>>;
  purge(userId: string): Promise<number>;
}

const strip = ({ _id, ...budget }: BudgetDoc): Budget => budget;

export function createBudgetStore(db: Db): BudgetStore {
  const collection = db.collection<BudgetDoc>('budgets');
  const idOf = (userId: string, categoryCode: string | null) => `${userId}|${budgetScope(categoryCode)}`;
  return {
    collection,
    async set(userId, categoryCode, amount, fromMonth, now) {
      const budget: Budget = { budgetId: randomUUID(), userId, categoryCode, amount, fromMonth, updatedAt: now };
      await collection.replaceOne({ _id: idOf(userId, categoryCode) }, budget, { upsert: true });
      return budget;
    },
    async remove(userId, categoryCode) {
      return (await collection.deleteOne({ _id: idOf(userId, categoryCode) })).deletedCount > 0;
    },
    async list(userId) {
      const docs = await collection.find({ userId }).toArray();
      return docs.map(strip).sort((a, b) => (a.categoryCode ?? '') < (b.categoryCode ?? '') ? -1 : 1);
    },
    async forUsers(userIds) {
      const out = new Map<string, Budget[]>();
      if (userIds.length === 0) return out;
      for (const doc of await collection.find({ userId: { $in: [...userIds] } }).toArray()) {
        const list = out.get(doc.userId) ?? [];
        list.push(strip(doc));
        out.set(doc.userId, list);
      }
      return out;
    },
    purge: async (userId) => (await collection.deleteMany({ userId })).deletedCount,
  };
}
