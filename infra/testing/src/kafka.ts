import type { Kafka } from 'kafkajs';
import {
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
  await ensureTopics(kafka, { topicPrefix, partitions: options.partitions ?? 3 });
  const producer = createEventProducer(kafka, { topicPrefix });
  await producer.connect();
  return {
    kafka,
    topicPrefix,
    producer,
    groupId: (purpose) => uniqueName(`test.${purpose}`),
    async cleanup() {
      await producer.disconnect();
      await deleteTopicsUnder(kafka, topicPrefix).catch(() => {});
    },
  };
}

/** Deletes every topic whose name starts with `topicPrefix`: a namespace's topics and DLQs. */
export async function deleteTopicsUnder(kafka: Kafka, topicPrefix: string): Promise<void> {
  await deleteTopicsWhere(kafka, (t) => t.startsWith(topicPrefix));
}

/** A namespace uniqueName() made for tests (`t-`) or a started system (`e2e-`): its start time. */
const NAMESPACE = /^(?:t|e2e)-([0-9a-z]+)-[0-9a-f]{6}\./;

/**
 * Deletes the topics of test namespaces older than `olderThanMs`: those of runs that were killed
 * before their cleanup (a local broker lives on between runs). A broker holding thousands of dead
 * partitions answers every run more slowly. Returns how many topics went.
 */
export function pruneStaleTestTopics(kafka: Kafka, olderThanMs: number, now = Date.now()): Promise<number> {
  return deleteTopicsWhere(kafka, (t) => {
    const started = NAMESPACE.exec(t)?.[1];
    return started !== undefined && now - parseInt(started, 36) > olderThanMs;
  });
}

/**
 * Deletes the broker's topics that `doomed` picks, in slices (one request naming thousands of
 * topics can outlast the admin's timeout). A topic already gone (another run's cleanup deleted it
 * meanwhile) is not an error. Returns how many were picked.
 */
async function deleteTopicsWhere(kafka: Kafka, doomed: (topic: string) => boolean): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter(doomed);
    for (let i = 0; i < topics.length; i += 200) {
      try {
        await admin.deleteTopics({ topics: topics.slice(i, i + 200), timeout: 60_000 });
      } catch (err) {
        if ((err as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
      }
    }
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}
