import { Schema, type Connection, type Types } from 'mongoose';
import type { OutboxEntry } from '@expensio/events';

/** An expense as stored. Money in integer minor units; `_outbox` and `_deletedAt` belong to the event runtime. */
export interface ExpenseDoc {
  _id: Types.ObjectId;
  userId: string;
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
  version: number;
  /**
   * The client's idempotency key, or the expense's own id when none was given: FerretDB has no
   * partial or sparse unique index, so every document carries a value for the unique index.
   */
  idempotencyKey: string;
  /** Where the expense came from: form, import or chat. */
  source: string;
  createdAt: Date;
  updatedAt: Date;
  _outbox?: OutboxEntry[];
  _deletedAt?: Date;
}

const expenseSchema = new Schema<ExpenseDoc>(
  {
    userId: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, default: null },
    amount: {
      minor: { type: Number, required: true },
      currency: { type: String, required: true },
    },
    occurredAt: { type: Date, required: true },
    timeZone: { type: String, required: true },
    categoryCode: { type: String, required: true },
    expenseType: { type: String, default: null },
    paymentMethod: { type: String, required: true },
    mood: { type: String, default: null },
    cognitiveTriggers: { type: [String], default: [] },
    tags: { type: [String], default: [] },
    notes: { type: [String], default: [] },
    merchant: { type: String, default: null },
    isRecurring: { type: Boolean, default: false },
    version: { type: Number, required: true },
    idempotencyKey: { type: String, required: true },
    source: { type: String, default: 'form' },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    _outbox: { type: [Schema.Types.Mixed], default: undefined },
    _deletedAt: { type: Date, default: undefined },
  },
  { collection: 'expenses', versionKey: false, minimize: false },
);
// A retried create with the same key hits this index instead of creating a second expense.
expenseSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true });
expenseSchema.index({ userId: 1, occurredAt: -1, _id: -1 });
expenseSchema.index({ userId: 1, createdAt: -1, _id: -1 });

export function createExpenseModel(conn: Connection) {
  return conn.model<ExpenseDoc>('Expense', expenseSchema);
}
export type ExpenseModel = ReturnType<typeof createExpenseModel>;
