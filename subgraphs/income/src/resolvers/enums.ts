import { INCOME_TYPES } from '@expensio/events';
import { enumOf } from '@expensio/kit';

// GraphQL enum values -> the domain codes stored and carried in events.
export const enumResolvers = {
  IncomeType: enumOf(INCOME_TYPES),
};
