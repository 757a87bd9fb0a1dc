import type { Kafka, Message, Producer } from 'kafkajs';
import {
  encodeEvent,
  topicOf,
  type EncodedMessage,
  type ExpensioEvent,
  type Topic,
  type TopicEventMap,
} from '../contracts/index.ts';

/** About a quarter of the broker's default request limit (message.max.bytes, 1 MB). */
export const SEND_BYTES = 256 * 1024;

const sizeOf = (v: string | Buffer | null | undefined) =>
  v == null ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length;

/** The bytes a message puts on the wire, near enough (key, value, header names and values). */
export function messageBytes(message: EncodedMessage | Message): number {
  let n = sizeOf(message.key) + sizeOf(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    n += name.length;
    for (const v of Array.isArray(value) ? value : [value]) n += sizeOf(v as string | Buffer | undefined);
  }
  return n;
}

/** Consecutive runs of items of about `limit` bytes each, in order (a larger item goes alone). */
export function bySize<T>(items: readonly T[], sizeOf: (item: T) => number, limit = SEND_BYTES): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (run.length && bytes + size > limit) {
      runs.push(run);
      run = [];
      bytes = 0;
    }
    run.push(item);
    bytes += size;
  }
  if (run.length) runs.push(run);
  return runs;
}

/** A raw message for a named topic: what the outbox relays and the DLQ hold. */
export interface TopicMessage {
  readonly topic: string;
  readonly message: EncodedMessage | Message;
}

export interface EventProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Publishes events on their catalog topics; resolves once every broker replica acknowledged. */
  publish(events: readonly ExpensioEvent[]): Promise<void>;
  /** The typed bus form: a wrong payload for the topic is a compile error. */
  publishTo<Tp extends Topic>(topic: Tp, events: readonly TopicEventMap[Tp][]): Promise<void>;
  /**
   * Sends already encoded messages (outbox entries, dead letters) to physical topic names as given,
   * keeping their order per topic.
   */
  sendMessages(messages: readonly TopicMessage[]): Promise<void>;
  /** The physical name of a catalog topic (with the namespace prefix, if any). */
  topicName(topic: Topic): string;
}

export interface EventProducerOptions {
  /**
   * Prepended to every catalog topic name, e.g. `bench-1.` so a benchmark or a test runs on topics
   * of its own. Default: none (from KAFKA_TOPIC_PREFIX in services that set it).
   */
  topicPrefix?: string;
}

/**
 * An idempotent producer (the broker drops the retried duplicates of one send) with `acks: -1`
 * and one request in flight per broker, so a retry can never reorder one user's events.
 */
export function createEventProducer(
  kafka: Kafka,
  { topicPrefix = '' }: EventProducerOptions = {},
): EventProducer {
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

  async function sendRequest(messages: readonly TopicMessage[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push({ key: message.key, value: message.value, headers: { ...message.headers } });
      byTopic.set(topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
    });
  }

  async function sendMessages(messages: readonly TopicMessage[]): Promise<void> {
    // One request per SEND_BYTES or so, one after the other (order per topic holds): the broker
    // refuses a request above its message.max.bytes (1 MB by default), and a relay round of 500
    // month figures exceeds it.
    for (const chunk of bySize(messages, (m) => messageBytes(m.message))) await sendRequest(chunk);
  }

  const topicName = (topic: Topic) => `${topicPrefix}${topic}`;
  const toMessages = (events: readonly ExpensioEvent[]) =>
    events.map((event) => ({ topic: topicName(topicOf(event.type)), message: encodeEvent(event) }));

  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    publish: (events) => sendMessages(toMessages(events)),
    publishTo: (_topic, events) => sendMessages(toMessages(events)),
    sendMessages,
    topicName,
  };
}
