// Events for the runtime's integration tests, built through the real catalog.
import { randomUUID } from 'node:crypto';
import { createEvent, type ExpensioEvent } from '../src/index.ts';
import { expense as sampleExpense } from '../src/contracts/testFixtures.ts';

export function expenseCreated(
  userId: string,
  minor: number,
  overrides: { title?: string; expenseId?: string } = {},
): ExpensioEvent<'EXPENSE_CREATED'> {
  return createEvent(
    'EXPENSE_CREATED',
    {
      ...sampleExpense,
      userId,
      expenseId: overrides.expenseId ?? randomUUID(),
      title: overrides.title ?? sampleExpense.title,
      amount: { minor, currency: 'EUR' },
    },
    { subject: userId, source: '/expensio/test' },
  );
}

export function expenseUpdated(
  userId: string,
  expenseId: string,
  version: number,
  minor: number,
): ExpensioEvent<'EXPENSE_UPDATED'> {
  const before = { ...sampleExpense, userId, expenseId, version: version - 1 };
  return createEvent(
    'EXPENSE_UPDATED',
    {
      expenseId,
      userId,
      version,
      before,
      after: { ...before, version, amount: { minor, currency: 'EUR' } },
      changedFields: ['amount'],
    },
    { subject: userId, source: '/expensio/test' },
  );
}
