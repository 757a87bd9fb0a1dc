// Wiring of the financial-data subgraph's parts, shared by main.ts, the integration tests and the
// benchmark so all run the same composition: stores, relay, user directory, saga, consumers.
import { createMongoOutboxRelay, type EventProducer, type Logger } from '@expensio/events';
import { createUserEventsConsumer, type OpenAiConfig } from '@expensio/kit';
import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { FinancialDataDeps } from './context.ts';
import { createFinancialService } from './domain/financialService.ts';
import { AGGREGATES_GROUP, createAggregatesConsumer } from './events/aggregatesConsumer.ts';
import { createSummaryWriter } from './llm/summaryWriter.ts';
import { createBudgetStore } from './model/budgetStore.ts';
import { createMonthStore } from './model/monthStore.ts';

export const USERS_GROUP = 'financial-data.users';

export interface ConfigureOptions {
  db: Db;
  kafka: Kafka;
  producer: EventProducer;
  topicPrefix?: string;
  log: Logger;
  /** The clock (projections, default months, alert times). Default: the system clock. */
  now?: () => Date;
  /** Consumer groups; tests use fresh ones. Defaults: financial-data.aggregates / financial-data.users. */
  groups?: { aggregates?: string; users?: string };
  writeConcurrency?: number;
  partitionsConcurrency?: number;
  /** The model behind `insightSummary` (main.ts reads OPENAI_*). Default: none, and the field answers null. */
  openai?: OpenAiConfig | null;
}

export async function configureFinancialData(options: ConfigureOptions) {
  const { db, kafka, producer, topicPrefix = '', log, now = () => new Date(), openai = null } = options;
  const budgets = createBudgetStore(db);
  const saga = db.collection('saga_replies');
  // The relay is created before the stores that nudge it; it only reads the collections it is given.
  await Promise.all([db.collection('months').createIndex({ userId: 1, month: 1 }), budgets.collection.createIndex({ userId: 1 })]);
  const relay = createMongoOutboxRelay({ collections: [db.collection('months'), saga], producer, log });
  const monthStore = createMonthStore({
    db,
    budgets,
    relay,
    now,
    log,
    ...(options.writeConcurrency ? { writeConcurrency: options.writeConcurrency } : {}),
  });
  const summaries = openai ? createSummaryWriter(openai, { log, now }) : null;
  log.info({ openai: openai ? { model: openai.model, timeoutMs: openai.timeoutMs } : false }, 'insight summaries');
  const { directory, users } = createUserEventsConsumer({
    service: 'financial-data',
    db,
    relay,
    kafka,
    producer,
    topicPrefix,
    log,
    // Groups carry the topic prefix, as every service's do: two systems on one broker (a test run
    // beside a benchmark) must not share a group, or one takes the other's partitions.
    groupId: options.groups?.users ?? `${topicPrefix}${USERS_GROUP}`,
    purge: async (userId) => {
      summaries?.forget(userId);
      return { months: await monthStore.purge(userId), budgets: await budgets.purge(userId) };
    },
  });
  const aggregates = createAggregatesConsumer({
    kafka,
    months: monthStore,
    deadLetters: producer,
    groupId: options.groups?.aggregates ?? `${topicPrefix}${AGGREGATES_GROUP}`,
    topicPrefix,
    log,
    ...(options.partitionsConcurrency ? { partitionsConsumedConcurrently: options.partitionsConcurrency } : {}),
  });
  const financial = createFinancialService({ months: monthStore, budgets, directory, now, summaries });
  const deps: FinancialDataDeps = { financial };
  return { deps, relay, aggregates, users, months: monthStore, budgets, directory };
}
