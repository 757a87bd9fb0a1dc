// Incomes: the kit's money record store (outbox, idempotency, versions, filter, pagination)
// declared by the income domain: its rules, its snapshot in events, its date and filters.
import { INCOME_CHANGEABLE_FIELDS, type IncomeSnapshot } from '@expensio/events';
import { createMoneyRecordStore, type MoneyRecordDeps, type RecordFilterInput, type RecordOrder } from '@expensio/kit';
import type { IncomeDoc } from '../model/incomeModel.ts';
import { INCOME_RULES, REQUIRED_INCOME_FIELDS, type IncomeInput, type NewIncomeInput } from './incomeRules.ts';

export interface IncomeFilterInput extends RecordFilterInput {
  incomeTypes?: readonly string[] | null;
}
export type IncomeOrder = RecordOrder<'RECEIVED_AT'>;

/** The income as events carry it: what consumers need, without the private description and notes. */
export function snapshotOf(doc: IncomeDoc): IncomeSnapshot {
  return {
    incomeId: doc._id.toHexString(),
    userId: doc.userId,
    title: doc.title,
    amount: { minor: doc.amount.minor, currency: doc.amount.currency },
    categoryCode: doc.categoryCode,
    incomeType: doc.incomeType as IncomeSnapshot['incomeType'],
    tags: [...doc.tags],
    isRecurring: doc.isRecurring,
    receivedAt: doc.receivedAt.toISOString(),
    timeZone: doc.timeZone,
    version: doc.version,
  };
}

export const createIncomeService = (deps: MoneyRecordDeps<IncomeDoc>) =>
  createMoneyRecordStore<IncomeDoc, NewIncomeInput, IncomeInput, IncomeFilterInput, 'RECEIVED_AT', IncomeSnapshot>(deps, {
    entity: 'Income',
    service: 'income',
    rules: INCOME_RULES,
    required: REQUIRED_INCOME_FIELDS,
    // Description and notes stay in this subgraph (no consumer needs them): no event for them alone.
    events: {
      types: { created: 'INCOME_CREATED', updated: 'INCOME_UPDATED', deleted: 'INCOME_DELETED' },
      idField: 'incomeId',
      snapshot: snapshotOf,
      changeableFields: INCOME_CHANGEABLE_FIELDS,
    },
    date: { field: 'receivedAt', order: 'RECEIVED_AT' },
    searchFields: ['title', 'description', 'notes'],
    anyOf: { incomeTypes: 'incomeType' },
  });
export type IncomeService = ReturnType<typeof createIncomeService>;
