import type { Kafka } from 'kafkajs';
import { ALL_TOPICS, dlqTopic, type Topic } from '../contracts/index.ts';

export interface EnsureTopicsOptions {
  /** Event topics to create; each gets its `<topic>.dlq` too. Default: every catalog topic. */
  topics?: readonly Topic[];
  /** Partitions of a new topic. Default 3 (the key is the user id, so order holds per user). */
  partitions?: number;
  /** Replicas of a new topic. Default 1, right for the single local broker; use 3 in production. */
  replicationFactor?: number;
  /** Namespace prefix of the physical topic names (see EventProducerOptions.topicPrefix). */
  topicPrefix?: string;
}

/** Tries of createTopics on retriable errors (0.5, 1, 1.5 ... s apart). */
const CREATE_ATTEMPTS = 6;

/**
 * Creates the event topics and their dead-letter topics that do not exist yet. Run by every service
 * at start, so no manual step is needed; existing topics are left as they are.
 */
export async function ensureTopics(
  kafka: Kafka,
  options: EnsureTopicsOptions = {},
): Promise<string[]> {
  const { topics = ALL_TOPICS, partitions = 3, replicationFactor = 1, topicPrefix = '' } = options;
  const wanted = topics.flatMap((t) => [`${topicPrefix}${t}`, `${topicPrefix}${dlqTopic(t)}`]);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length === 0) return [];
    for (let attempt = 1; ; attempt++) {
      const still = wanted.filter((t) => !existing.has(t));
      if (still.length === 0) break;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: still.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
        });
        break;
      } catch (err) {
        // Another service may have created them a moment ago.
        if (err instanceof Error && /already exists/i.test(err.message)) break;
        // A broker that has just started can answer the wait for leaders with a retriable error
        // (UNKNOWN_TOPIC_OR_PARTITION) while its metadata settles: look again and retry.
        if (!(err as { retriable?: boolean }).retriable || attempt >= CREATE_ATTEMPTS) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
        for (const t of await admin.listTopics()) existing.add(t);
      }
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
