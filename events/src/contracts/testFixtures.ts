// Valid sample data for every event type, for tests. Typed as a complete map, so adding an event type
// to the catalog without a sample here is a compile error (and the round-trip test covers it).
import type { EventDataInput, EventType } from './catalog.ts';
import type { CreateEventOptions } from './createEvent.ts';
import type { ExpenseSnapshot } from './expenseEvents.ts';
import type { IncomeSnapshot } from './incomeEvents.ts';

export const USER_ID = 'user-7f3a';
export const EVENT_ID = '0b8a4c1e-2f3d-4a5b-8c6d-7e8f9a0b1c2d';
export const CAUSE_ID = '9d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6';
export const SAGA_ID = '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
export const TIME = '2025-03-14T09:26:53.589Z';

export const options: CreateEventOptions = {
  subject: USER_ID,
  source: '/expensio/test',
  id: EVENT_ID,
  time: TIME,
};

export const expense: ExpenseSnapshot = {
  expenseId: '65f2c0a1b2c3d4e5f6a7b8c9',
  userId: USER_ID,
  title: 'Lunch with the team',
  amount: { minor: 1250, currency: 'EUR' },
  categoryCode: 'food',
  mood: 'happy',
  cognitiveTriggers: ['socialInfluence', 'convenience'],
  expenseType: 'necessity',
  paymentMethod: 'debit_card',
  merchant: 'Chez Marcel',
  tags: ['work'],
  isRecurring: false,
  occurredAt: '2025-03-14T12:30:00+01:00',
  timeZone: 'Europe/Paris',
  version: 1,
};

export const income: IncomeSnapshot = {
  incomeId: '65f2c0a1b2c3d4e5f6a7b8d0',
  userId: USER_ID,
  title: 'March salary',
  amount: { minor: 320_000, currency: 'EUR' },
  categoryCode: 'salaryWages',
  incomeType: 'primary',
  tags: [],
  isRecurring: true,
  receivedAt: '2025-03-01T08:00:00Z',
  timeZone: 'Europe/Paris',
  version: 1,
};

export const sampleData: { readonly [T in EventType]: EventDataInput<T> } = {
  EXPENSE_CREATED: expense,
  EXPENSE_UPDATED: {
    expenseId: expense.expenseId,
    userId: USER_ID,
    version: 2,
    before: expense,
    after: { ...expense, mood: 'regretful', amount: { minor: 1500, currency: 'EUR' }, version: 2 },
    changedFields: ['mood', 'amount'],
  },
  EXPENSE_DELETED: {
    expenseId: expense.expenseId,
    userId: USER_ID,
    version: 2,
    deletedAt: TIME,
    before: expense,
  },
  INCOME_CREATED: income,
  INCOME_UPDATED: {
    incomeId: income.incomeId,
    userId: USER_ID,
    version: 2,
    before: income,
    after: { ...income, title: 'March salary + bonus', version: 2 },
    changedFields: ['title'],
  },
  INCOME_DELETED: {
    incomeId: income.incomeId,
    userId: USER_ID,
    version: 2,
    deletedAt: TIME,
    before: income,
  },
  FINANCIALDATA_UPDATED: {
    userId: USER_ID,
    month: '2025-03',
    timeZone: 'Europe/Paris',
    version: 3,
    figures: {
      expenses: { amounts: { EUR: 1250, JPY: 800 }, count: 2 },
      incomes: { amounts: { EUR: 320_000 }, count: 1 },
      byCategory: [{ categoryCode: 'food', amounts: { EUR: 1250, JPY: 800 }, count: 2 }],
      byMood: [{ mood: 'happy', amounts: { EUR: 1250, JPY: 800 }, count: 2 }],
      byTrigger: [{ trigger: 'convenience', amounts: { EUR: 1250 }, count: 1 }],
      byIncomeCategory: [{ categoryCode: 'salaryWages', amounts: { EUR: 320_000 }, count: 1 }],
      byPaymentMethod: [{ paymentMethod: 'debit_card', amounts: { EUR: 1250, JPY: 800 }, count: 2 }],
      byExpenseType: [{ expenseType: 'necessity', amounts: { EUR: 1250 }, count: 1 }],
      recurring: { amounts: {}, count: 0 },
    },
    changes: [{ type: 'EXPENSE_CREATED', id: CAUSE_ID, entityId: expense.expenseId, entityVersion: 1 }],
  },
  DASHBOARD_UPDATED: {
    userId: USER_ID,
    revision: 3,
    causedBy: EVENT_ID,
    updatedAt: TIME,
  },
  BUDGET_EXCEEDED: {
    userId: USER_ID,
    budgetId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
    month: '2025-03',
    timeZone: 'Europe/Paris',
    categoryCode: 'food',
    budget: { minor: 1000, currency: 'EUR' },
    spent: { minor: 1250, currency: 'EUR' },
    exceededAt: TIME,
  },
  USER_REGISTERED: {
    userId: USER_ID,
    email: 'ada@example.com',
    username: 'ada',
    firstName: 'Ada',
    baseCurrency: 'EUR',
    timeZone: 'Europe/Paris',
  },
  USER_PROFILE_UPDATED: {
    userId: USER_ID,
    username: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
    baseCurrency: 'GBP',
    timeZone: 'Europe/London',
    profileVersion: 2,
  },
  USER_DELETION_REQUESTED: {
    userId: USER_ID,
    sagaId: SAGA_ID,
    requestedAt: TIME,
    participants: ['expense', 'income', 'financial-data', 'dashboard', 'chat'],
  },
  USER_DATA_PURGED: {
    userId: USER_ID,
    sagaId: SAGA_ID,
    service: 'expense',
    counts: { expenses: 12, categories: 2 },
  },
  USER_DELETED: { userId: USER_ID, sagaId: SAGA_ID },
  CHAT_TRANSACTION_REQUESTED: {
    commandId: CAUSE_ID,
    userId: USER_ID,
    kind: 'expense',
    record: {
      title: 'Lunch with the team',
      amount: { minor: 1250, currency: 'EUR' },
      categoryCode: 'food',
      occurredAt: TIME,
      mood: 'happy',
      cognitiveTriggers: ['socialInfluence'],
      expenseType: null,
      paymentMethod: 'debit_card',
      incomeType: null,
    },
    conversationId: USER_ID,
  },
  CHAT_TRANSACTION_REJECTED: { commandId: CAUSE_ID, userId: USER_ID, kind: 'expense', reason: 'amount must be positive', code: 'BAD_USER_INPUT' },
  CHAT_UNDO_REQUESTED: { commandId: CAUSE_ID, userId: USER_ID, kind: 'expense', recordId: expense.expenseId, conversationId: USER_ID },
  CHAT_MESSAGE_ADDED: { userId: USER_ID, messageId: 'm-1', role: 'assistant', createdAt: TIME },
};
