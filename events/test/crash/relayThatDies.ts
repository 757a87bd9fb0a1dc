/**
 * A "service" process for the crash test: writes one expense document with its event in the
 * outbox, then its relay dies by SIGKILL right before (or right after) handing the event to Kafka.
 * Settings come from the environment (see outboxCrash.int.test.ts).
 */
import { MongoClient } from 'mongodb';
import {
  createEventProducer,
  createKafkaClient,
  createMongoOutboxRelay,
  outboxFields,
  type EventProducer,
} from '../../src/index.ts';
import { expenseCreated } from '../fixtures.ts';

const env = process.env as Record<string, string>;
const dieAt = env.DIE_AT as 'before-publish' | 'after-publish';

const client = await new MongoClient(env.MONGODB_URI!).connect();
const expenses = client.db(env.DB_NAME).collection<{ _id: string; [field: string]: unknown }>('expenses');
const kafka = createKafkaClient({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'relay-that-dies' });
const real = createEventProducer(kafka, { topicPrefix: env.TOPIC_PREFIX });
await real.connect();

const dying: EventProducer = {
  ...real,
  async sendMessages(messages) {
    if (dieAt === 'before-publish') process.kill(process.pid, 'SIGKILL');
    await real.sendMessages(messages);
    if (dieAt === 'after-publish') process.kill(process.pid, 'SIGKILL');
  },
};

const event = expenseCreated(env.USER_ID!, 1_999, { expenseId: env.EXPENSE_ID });
// The change and its event: one single-document write.
await expenses.insertOne({ _id: env.EXPENSE_ID!, title: event.data.title, ...outboxFields([event]) });
process.send?.({ written: event.id });
const relay = createMongoOutboxRelay({ collections: [expenses as never], producer: dying });
relay.nudge(expenses as never, [env.EXPENSE_ID]);
await new Promise(() => {}); // dies inside the relay
