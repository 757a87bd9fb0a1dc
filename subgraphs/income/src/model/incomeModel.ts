import type { RecordDoc } from '@expensio/kit';
import type { Collection, Db } from 'mongodb';

/**
 * An income as stored: the record mechanics (id, user, version, idempotency key, outbox,
 * tombstone; see RecordDoc) plus its domain fields. Money in integer minor units.
 */
export interface IncomeDoc extends RecordDoc {
  title: string;
  description: string | null;
  amount: { minor: number; currency: string };
  receivedAt: Date;
  /** The user's zone when recorded: it decides the month the income counts in. */
  timeZone: string;
  categoryCode: string;
  incomeType: string;
  tags: string[];
  notes: string[];
  isRecurring: boolean;
}

export const incomeCollection = (db: Db): Collection<IncomeDoc> => db.collection<IncomeDoc>('incomes');
