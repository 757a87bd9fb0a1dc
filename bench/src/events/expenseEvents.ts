// The benchmark's events: EXPENSE_CREATED spread over 1,000 users and the 12 months of 2025.
import { randomUUID } from 'node:crypto';
import { createEvent, sourceOf, type ExpensioEvent } from '@expensio/events';

export const USERS = 1_000;
export const MONTHS = 12;

/** The i-th event of a run; its time is now, so applied-minus-event time is the pipeline latency. */
export function benchExpense(i: number): ExpensioEvent<'EXPENSE_CREATED'> {
  const userId = `bench-user-${String(i % USERS).padStart(4, '0')}`;
  const month = String(1 + (Math.floor(i / USERS) % MONTHS)).padStart(2, '0');
  return createEvent(
    'EXPENSE_CREATED',
    {
      expenseId: randomUUID(),
      userId,
      title: 'Groceries',
      amount: { minor: 100 + (i % 9_900), currency: 'EUR' },
      categoryCode: 'food',
      mood: 'neutral',
      cognitiveTriggers: [],
      expenseType: 'necessity',
      paymentMethod: 'debit_card',
      merchant: 'Corner shop',
      tags: ['bench'],
      isRecurring: false,
      // Mid-month noon UTC: the month bucket is the same in every zone, so `occurredAt.slice(0, 7)` is it.
      occurredAt: `2025-${month}-15T12:00:00Z`,
      timeZone: 'Europe/Paris',
      version: 1,
    },
    { subject: userId, source: sourceOf('expense') },
  );
}

/** The projection's document key: one per user and month. */
export const monthKey = (event: ExpensioEvent<'EXPENSE_CREATED'>) =>
  `${event.subject}:${event.data.occurredAt.slice(0, 7)}`;
