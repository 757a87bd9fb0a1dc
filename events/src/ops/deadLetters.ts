import type { Kafka } from 'kafkajs';
import type { EventProducer } from '../runtime/createEventProducer.ts';
import { DLQ_HEADERS, headerString, readDeadLetterInfo, type DeadLetterInfo } from '../runtime/dlq.ts';
import { readTopic } from './readTopic.ts';

export interface DeadLetter {
  readonly dlqTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly info: DeadLetterInfo | undefined;
}

/** Dead-letter topics present on the broker, with how many messages each holds. */
export async function listDeadLetterTopics(kafka: Kafka): Promise<{ topic: string; messages: number }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.endsWith('.dlq')).sort();
    const out: { topic: string; messages: number }[] = [];
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      out.push({ topic, messages: offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0) });
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

export async function readDeadLetters(
  kafka: Kafka,
  dlqTopic: string,
  options: { limit?: number; onProgress?: (read: number, total: number) => void } = {},
): Promise<DeadLetter[]> {
  const read = await readTopic(kafka, dlqTopic, options);
  return read.map(({ partition, message }) => ({
    dlqTopic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    info: readDeadLetterInfo(message.headers),
  }));
}

/**
 * Sends every dead letter back to its original topic (original key, value and headers), then
 * deletes the replayed records from the dead-letter topic so a second replay cannot send them
 * twice. Consumers dedupe by event id, so a replay of something that did get applied is harmless.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  producer: EventProducer,
  dlqTopic: string,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<{ replayed: number }> {
  const read = await readTopic(kafka, dlqTopic);
  const ours = new Set<string>(Object.values(DLQ_HEADERS));
  const replayable = read.filter(({ message }) => readDeadLetterInfo(message.headers));
  const chunk = 500;
  for (let i = 0; i < replayable.length; i += chunk) {
    await producer.sendMessages(
      replayable.slice(i, i + chunk).map(({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          const text = headerString(value);
          if (text !== undefined && !ours.has(name)) headers[name] = text;
        }
        return {
          topic: readDeadLetterInfo(message.headers)!.originalTopic,
          message: { key: message.key, value: message.value, headers },
        };
      }),
    );
    options.onProgress?.(Math.min(i + chunk, replayable.length), replayable.length);
  }
  await deleteUpTo(kafka, dlqTopic, read);
  return { replayed: replayable.length };
}

/** Deletes every message now in the dead-letter topic. */
export async function purgeDeadLetters(kafka: Kafka, dlqTopic: string): Promise<{ purged: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(dlqTopic);
    const purged = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
    await admin.deleteTopicRecords({
      topic: dlqTopic,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
    });
    return { purged };
  } finally {
    await admin.disconnect();
  }
}

async function deleteUpTo(kafka: Kafka, topic: string, read: { partition: number; message: { offset: string } }[]) {
  const upTo = new Map<number, bigint>();
  for (const { partition, message } of read) {
    const next = BigInt(message.offset) + 1n;
    if (next > (upTo.get(partition) ?? 0n)) upTo.set(partition, next);
  }
  if (upTo.size === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs' deleteTopicRecords needs the topic's metadata loaded; fetching offsets loads it.
    await admin.fetchTopicOffsets(topic);
    await admin.deleteTopicRecords({
      topic,
      partitions: [...upTo].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
    });
  } finally {
    await admin.disconnect();
  }
}
