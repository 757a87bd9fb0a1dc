// Wiring of the expense subgraph's parts, shared by main.ts and the integration tests so both run
// the same composition: store, categories, runtime (user directory, relay, saga, consumer),
// service, importer.
import { minorUnitsToDecimal } from '@expensio/events';
import { createCategoryStore, createChatCommandConsumer, createRecordRuntime, type RecordSubgraphParts } from '@expensio/kit';
import type { ExpenseDeps } from './context.ts';
import { createExpenseImporter } from './domain/expenseCsv.ts';
import { createExpenseService } from './domain/expenseService.ts';
import { BUILT_IN_CATEGORIES } from './domain/vocabulary.ts';
import { expenseCollection } from './model/expenseModel.ts';

export interface ExpenseOptions {
  /** Imports with more valid rows than this run as a job. Default 500. */
  importSyncRows?: number;
}

export async function configureExpense(parts: RecordSubgraphParts, { importSyncRows }: ExpenseOptions = {}) {
  const { db } = parts;
  const collection = expenseCollection(db);
  const categories = createCategoryStore({ db, collection: 'expense_categories', builtIns: BUILT_IN_CATEGORIES, entity: 'ExpenseCategory' });
  const runtime = createRecordRuntime({
    service: 'expense',
    parts,
    outbox: [collection as never],
    purge: async (userId) => ({
      expenses: await expenses.purge(userId),
      categories: await categories.purge(userId),
      importJobs: await importer.purge(userId),
    }),
  });
  const { directory, relay } = runtime;
  const expenses = createExpenseService({ collection, categories, directory, relay });
  const importer = createExpenseImporter({ db, expenses, categories, directory, ...(importSyncRows ? { syncRows: importSyncRows } : {}) });
  await Promise.all([expenses.init(), categories.init()]); // indexes, the unique ones included
  // The record side of the chat saga: a confirmed chat message becomes a expense keyed by its command.
  const chatCommands = createChatCommandConsumer({
    parts,
    relay,
    target: {
      service: 'expense',
      create: (userId, record, idempotencyKey, provenance) =>
        expenses.create(
          userId,
          {
            title: record.title,
            amount: { amount: minorUnitsToDecimal(record.amount.minor, record.amount.currency), currency: record.amount.currency },
            categoryCode: record.categoryCode,
            occurredAt: record.occurredAt,
            mood: record.mood,
            cognitiveTriggers: record.cognitiveTriggers,
            expenseType: record.expenseType,
            paymentMethod: record.paymentMethod,
            idempotencyKey,
          },
          provenance,
        ),
      remove: (userId, id) => expenses.remove(userId, id),
    },
  });
  const deps: ExpenseDeps = { expenses, categories, directory, importer };
  return { deps, runtime: { ...runtime, consumers: [chatCommands] } };
}
