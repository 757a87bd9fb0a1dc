// Wiring of the income subgraph's parts, shared by main.ts and the integration tests so both run
// the same composition: store, categories, runtime (user directory, relay, saga, consumer),
// service, importer.
import { minorUnitsToDecimal } from '@expensio/events';
import { createCategoryStore, createChatCommandConsumer, createRecordRuntime, type RecordSubgraphParts } from '@expensio/kit';
import type { IncomeDeps } from './context.ts';
import { createIncomeImporter } from './domain/incomeCsv.ts';
import { createIncomeService } from './domain/incomeService.ts';
import { BUILT_IN_CATEGORIES } from './domain/vocabulary.ts';
import { incomeCollection } from './model/incomeModel.ts';

export interface IncomeOptions {
  /** Imports with more valid rows than this run as a job. Default 500. */
  importSyncRows?: number;
}

export async function configureIncome(parts: RecordSubgraphParts, { importSyncRows }: IncomeOptions = {}) {
  const { db } = parts;
  const collection = incomeCollection(db);
  const categories = createCategoryStore({ db, collection: 'income_categories', builtIns: BUILT_IN_CATEGORIES, entity: 'IncomeCategory' });
  const runtime = createRecordRuntime({
    service: 'income',
    parts,
    outbox: [collection as never],
    purge: async (userId) => ({
      incomes: await incomes.purge(userId),
      categories: await categories.purge(userId),
      importJobs: await importer.purge(userId),
    }),
  });
  const { directory, relay } = runtime;
  const incomes = createIncomeService({ collection, categories, directory, relay });
  const importer = createIncomeImporter({ db, incomes, categories, directory, ...(importSyncRows ? { syncRows: importSyncRows } : {}) });
  await Promise.all([incomes.init(), categories.init()]); // indexes, the unique ones included
  // The record side of the chat saga: a confirmed chat message becomes a income keyed by its command.
  const chatCommands = createChatCommandConsumer({
    parts,
    relay,
    target: {
      service: 'income',
      create: (userId, record, idempotencyKey, provenance) =>
        incomes.create(
          userId,
          {
            title: record.title,
            amount: { amount: minorUnitsToDecimal(record.amount.minor, record.amount.currency), currency: record.amount.currency },
            categoryCode: record.categoryCode,
            receivedAt: record.occurredAt,
            incomeType: record.incomeType,
            idempotencyKey,
          },
          provenance,
        ),
      remove: (userId, id) => incomes.remove(userId, id),
    },
  });
  const deps: IncomeDeps = { incomes, categories, directory, importer };
  return { deps, runtime: { ...runtime, consumers: [chatCommands] } };
}
