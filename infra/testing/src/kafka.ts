import type { Kafka } from 'kafkajs';
import {
  ALL_TOPICS,
  createEventProducer,
  createKafkaClient,
  ensureTopics,
  type EventProducer,
} from '@expensio/events';
import { getStackEnv, uniqueName } from './stackEnv.ts';

export interface KafkaTestNamespace {
  kafka: Kafka;
  /** Prefix of this namespace's physical topic names, e.g. `t-m1x2-ab12cd.` */
  topicPrefix: string;
  /** A connected producer publishing into the namespace. */
  producer: EventProducer;
  /** A consumer group name no one else uses. */
  groupId(purpose: string): string;
  /** Deletes the namespace's topics and disconnects. */
  cleanup(): Promise<void>;
}

/**
 * Every catalog topic (and its DLQ) under a prefix of its own, so test files run in parallel on
 * one broker without seeing each other's events.
 */
export async function createKafkaTestNamespace(options: { partitions?: number } = {}): Promise<KafkaTestNamespace> {
  const kafka = createKafkaClient({ brokers: getStackEnv().KAFKA_BROKERS.split(','), clientId: 'expensio-test' });
  const topicPrefix = `${uniqueName('t')}.`;
  const created = await ensureTopics(kafka, { topicPrefix, partitions: options.partitions ?? 3 });
  const producer = createEventProducer(kafka, { topicPrefix });
  await producer.connect();
  return {
    kafka,
    topicPrefix,
    producer,
    groupId: (purpose) => uniqueName(`test.${purpose}`),
    async cleanup() {
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: created.length ? created : ALL_TOPICS.map((t) => `${topicPrefix}${t}`) }).catch(() => {});
      await admin.disconnect();
    },
  };
}
