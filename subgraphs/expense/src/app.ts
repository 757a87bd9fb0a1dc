// Wiring of the expense subgraph's parts, shared by main.ts and the integration tests so both run
// the same composition: store, categories, user directory, service, importer, relay, consumers.
import {
  createConsumerRunner,
  createMongoOutboxRelay,
  TOPICS,
  type EventProducer,
  type Logger as RuntimeLogger,
} from '@expensio/events';
import { createDeletionParticipant, createUserDirectory } from '@expensio/kit';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { ExpenseDeps } from './context.ts';
import { createCategories } from './domain/categories.ts';
import { createExpenseImporter } from './domain/expenseCsv.ts';
import { createExpenseService } from './domain/expenseService.ts';
import { createCategoryModel } from './model/categoryModel.ts';
import { createExpenseModel } from './model/expenseModel.ts';

export async function configureExpense({
  conn,
  kafka,
  producer,
  topicPrefix = '',
  log,
}: {
  conn: Connection;
  kafka: Kafka;
  producer: EventProducer;
  topicPrefix?: string;
  log: RuntimeLogger;
}) {
  const expenseModel = createExpenseModel(conn);
  const categoryModel = createCategoryModel(conn);
  await Promise.all([expenseModel.init(), categoryModel.init()]); // indexes, the unique ones included
  const db = conn.db!;
  const directory = createUserDirectory(db);
  const categories = createCategories(categoryModel);
  const relay = createMongoOutboxRelay({ collections: [expenseModel.collection as never, db.collection('saga_replies')], producer, log });
  const expenses = createExpenseService({ expenses: expenseModel, categories, directory, relay });
  const importer = createExpenseImporter({ db, expenses, categories, directory });
  const participant = createDeletionParticipant({
    service: 'expense',
    db,
    relay,
    purge: async (userId) => ({
      expenses: await expenses.purge(userId),
      categories: await categories.purge(userId),
      importJobs: await importer.purge(userId),
      profiles: await directory.remove(userId),
    }),
  });
  // One group for what this subgraph needs of users: profiles (defaults) and account deletion.
  const users = createConsumerRunner({
    kafka,
    groupId: 'expense.users',
    topics: [TOPICS.user],
    topicPrefix,
    deadLetters: producer,
    log,
    handle: async (event) => {
      await directory.handle(event);
      await participant.handle(event);
    },
  });
  const deps: ExpenseDeps = { expenses, categories, directory, importer };
  return { deps, relay, users };
}
