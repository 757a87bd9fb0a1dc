import type { RecordDoc } from '@expensio/kit';
import type { Collection, Db } from 'mongodb';

/**
 * An expense as stored: the record mechanics (id, user, version, idempotency key, outbox,
 * tombstone; see RecordDoc) plus its domain fields. Money in integer minor units.
 */
export interface ExpenseDoc extends RecordDoc {
  title: string;
  description: string | null;
  amount: { minor: number; currency: string };
  occurredAt: Date;
  /** The user's zone when recorded: it decides the month the expense counts in. */
  timeZone: string;
  categoryCode: string;
  expenseType: string | null;
  paymentMethod: string;
  mood: string | null;
  cognitiveTriggers: string[];
  tags: string[];
  notes: string[];
  merchant: string | null;
  isRecurring: boolean;
}

export const expenseCollection = (db: Db): Collection<ExpenseDoc> => db.collection<ExpenseDoc>('expenses');
