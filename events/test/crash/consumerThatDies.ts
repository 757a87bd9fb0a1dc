/**
 * A consumer process for the crash test: applies events idempotently, and is killed by SIGKILL
 * after applying DIE_AFTER of USER_ID's events, in the middle of a batch, before the batch's offsets are
 * committed.
 */
import { MongoClient } from 'mongodb';
import { applyEventOnce, createConsumerRunner, createEventProducer, createKafkaClient, TOPICS } from '../../src/index.ts';

const env = process.env as Record<string, string>;
const dieAfter = Number(env.DIE_AFTER);
const client = await new MongoClient(env.MONGODB_URI!).connect();
const totals = client.db(env.DB_NAME).collection<{ _id: string; [field: string]: unknown }>('totals');
const kafka = createKafkaClient({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'consumer-that-dies' });
const deadLetters = createEventProducer(kafka, { topicPrefix: env.TOPIC_PREFIX });
await deadLetters.connect();

let applied = 0;
const runner = createConsumerRunner({
  kafka,
  groupId: env.GROUP_ID!,
  topics: [TOPICS.expense],
  topicPrefix: env.TOPIC_PREFIX,
  deadLetters,
  handle: async (event) => {
    if (event.type !== 'EXPENSE_CREATED') return;
    const outcome = await applyEventOnce(totals, event.id, {
      filter: { _id: event.subject },
      update: { $inc: { spentMinor: event.data.amount.minor, count: 1 } },
    });
    // Other tests' events share the topic; count only this test's user.
    if (event.subject === env.USER_ID && outcome === 'applied') applied += 1;
    if (applied === dieAfter) process.kill(process.pid, 'SIGKILL');
  },
});
await runner.start();
