import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { enumOf } from '@expensio/kit';

// GraphQL enum values -> the domain codes stored and carried in events.
export const enumResolvers = {
  Mood: enumOf(MOODS),
  ExpenseType: enumOf(EXPENSE_TYPES),
  PaymentMethod: enumOf(PAYMENT_METHODS),
  CognitiveTrigger: enumOf(COGNITIVE_TRIGGERS),
};
