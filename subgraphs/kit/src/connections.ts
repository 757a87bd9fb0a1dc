// The connections every service opens at start, each registered with the lifecycle so shutdown
// closes it after everything that uses it (steps run in reverse order of registration).
import { createEventProducer, createKafkaClient, ensureTopics, type EventProducer } from '@expensio/events';
import type { Kafka } from 'kafkajs';
import type { ServiceName } from '@expensio/events';
import { MongoClient, type Db } from 'mongodb';
import { z } from 'zod';
import { baseEnv, envVar } from './config.ts';
import type { Lifecycle } from './lifecycle.ts';
import type { Logger } from './logger.ts';

/**
 * The variables of a service on MongoDB and Kafka, with its defaults:
 * `z.object({ ...mongoServiceEnv({ service: 'income', port: 4003 }), ...its own })`.
 */
export function mongoServiceEnv({ service, port }: { service: ServiceName; port: number }) {
  return {
    ...baseEnv({ service, port }),
    MONGODB_URI: envVar.mongodbUri(),
    /** The database of this service on that server. Default `expensio_<service>`. */
    MONGODB_DB: z.string().min(1).default(`expensio_${service.replaceAll('-', '_')}`),
    KAFKA_BROKERS: envVar.kafkaBrokers(),
    /** Namespace for topic names (tests, benchmarks); empty in production. */
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    /** Where the user subgraph publishes its token keys. */
    JWKS_URL: envVar.url({ default: 'http://127.0.0.1:4001/.well-known/jwks.json' }),
  };
}
export type MongoServiceConfig = z.output<z.ZodObject<ReturnType<typeof mongoServiceEnv>>>;

/** Connects to MongoDB and returns the service's database. */
export async function connectMongo({ uri, dbName, lifecycle }: { uri: string; dbName: string; lifecycle: Lifecycle }): Promise<Db> {
  const client = await new MongoClient(uri).connect();
  lifecycle.addShutdownStep({ name: 'mongodb', run: () => client.close() });
  return client.db(dbName);
}

/** A Kafka client, the catalog's topics created if missing, and a connected producer. */
export async function connectKafka({
  brokers,
  clientId,
  topicPrefix,
  log,
  lifecycle,
}: {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  log: Logger;
  lifecycle: Lifecycle;
}): Promise<{ kafka: Kafka; producer: EventProducer }> {
  const kafka = createKafkaClient({ brokers, clientId, log });
  await ensureTopics(kafka, { topicPrefix });
  const producer = createEventProducer(kafka, { topicPrefix });
  await producer.connect();
  lifecycle.addShutdownStep({ name: 'kafka producer', run: () => producer.disconnect() });
  return { kafka, producer };
}
