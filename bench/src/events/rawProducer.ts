// Phase process (c): the ceiling's producer. Plain kafkajs on the same broker, the same events
// (built and encoded batch by batch, as the service builds them) and keys, acks=-1 like the
// relay, but no store: batches of 500, 4 sends in flight.
import { encodeEvent, createKafkaClient, TOPICS } from '@expensio/events';
import type { Message } from 'kafkajs';
import { runChild } from './child.ts';
import { benchExpense } from './expenseEvents.ts';
import { RAW_BATCH, RAW_IN_FLIGHT } from './settings.ts';

let sent = 0;

runChild(
  async ({ config, ready, go, stopping }) => {
    const topic = `${config.topicPrefix}${TOPICS.expense}`;
    const message = (i: number): Message => {
      const { key, value, headers } = encodeEvent(benchExpense(i));
      return { key, value, headers: { ...headers } };
    };
    const kafka = createKafkaClient({ brokers: config.brokers, clientId: 'bench-raw-producer' });
    const producer = kafka.producer();
    await producer.connect();
    ready();
    await go;
    const firstSendAt = Date.now();
    let next = 0;
    const lane = async () => {
      while (next < config.events && !stopping()) {
        const from = next;
        next = Math.min(config.events, next + RAW_BATCH);
        const batch = Array.from({ length: next - from }, (_, k) => message(from + k));
        await producer.send({ topic, acks: -1, messages: batch });
        sent += batch.length;
      }
    };
    await Promise.all(Array.from({ length: RAW_IN_FLIGHT }, lane));
    const lastAckAt = Date.now();
    await producer.disconnect();
    return { sent, firstSendAt, lastAckAt };
  },
  () => ({ sent }),
);
