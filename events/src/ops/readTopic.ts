import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';

export interface ReadMessage {
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * Reads a topic from its low to its high watermark as they are now, with a throwaway consumer
 * group that is deleted afterwards (so reading leaves no trace and moves no one's offsets).
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  { limit = Infinity, onProgress }: { limit?: number; onProgress?: (read: number, total: number) => void } = {},
): Promise<ReadMessage[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `expensio-ops-read-${randomUUID()}`;
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    const total = offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);
    const pending = new Set(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => o.partition));
    if (pending.size === 0 || limit <= 0) return [];

    const out: ReadMessage[] = [];
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              if (!pending.has(partition)) return;
              if (BigInt(message.offset) < ends.get(partition)!) {
                out.push({ partition, message });
                onProgress?.(out.length, total);
              }
              if (BigInt(message.offset) + 1n >= ends.get(partition)!) pending.delete(partition);
              if (pending.size === 0 || out.length >= limit) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return out.slice(0, limit);
  } finally {
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect();
  }
}
