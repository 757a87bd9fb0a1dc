// The consumer that builds the month aggregates from expense and income events. A fetched batch is
// applied in one go (one write per touched user-month); if that fails the runner replays the batch
// one event at a time with retries, which is safe because every write is idempotent.
import { createConsumerRunner, TOPICS, type EventProducer, type Logger } from '@expensio/events';
import type { Kafka } from 'kafkajs';
import type { MonthStore } from '../model/monthStore.ts';

export const AGGREGATES_GROUP = 'financial-data.aggregates';

export interface AggregatesConsumerOptions {
  kafka: Kafka;
  months: MonthStore;
  deadLetters: EventProducer;
  /** Default AGGREGATES_GROUP; tests and the benchmark use their own. */
  groupId?: string;
  topicPrefix?: string;
  /** Partitions applied in parallel (users on different partitions never share a document). Default 3. */
  partitionsConsumedConcurrently?: number;
  log?: Logger;
}

export function createAggregatesConsumer(options: AggregatesConsumerOptions) {
  const { months } = options;
  return createConsumerRunner({
    kafka: options.kafka,
    groupId: options.groupId ?? AGGREGATES_GROUP,
    topics: [TOPICS.expense, TOPICS.income],
    topicPrefix: options.topicPrefix ?? '',
    deadLetters: options.deadLetters,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    ...(options.log ? { log: options.log } : {}),
    handle: async (event) => {
      await months.apply([event]);
    },
    handleBatch: async (items) => {
      await months.apply(items.map((item) => item.event));
    },
  });
}
