// The chat subgraph's composition root: config, log, store, bus, server; shutdown in reverse.
import { createEventProducer, createKafkaClient, ensureTopics } from '@expensio/events';
import { baseEnv, createLifecycle, createLogger, createTokenVerifier, envVar, loadConfig } from '@expensio/kit';
import mongoose from 'mongoose';
import { z } from 'zod';
import { configureChat } from './app.ts';
import { buildChatServer } from './server.ts';

const config = loadConfig(
  z.object({
    ...baseEnv({ service: 'chat', port: 4006 }),
    MONGODB_URI: envVar.mongodbUri(),
    MONGODB_DB: z.string().min(1).default('expensio_chat'),
    KAFKA_BROKERS: envVar.kafkaBrokers(),
    KAFKA_TOPIC_PREFIX: z.string().default(''),
    JWKS_URL: envVar.url({ default: 'http://127.0.0.1:4001/.well-known/jwks.json' }),
  }),
);
const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const lifecycle = createLifecycle({ log });
lifecycle.installSignalHandlers();

const conn = await mongoose.createConnection(config.MONGODB_URI, { dbName: config.MONGODB_DB }).asPromise();
lifecycle.addShutdownStep({ name: 'mongodb', run: () => conn.close() });
const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: config.SERVICE_NAME, log });
await ensureTopics(kafka, { topicPrefix: config.KAFKA_TOPIC_PREFIX });
const producer = createEventProducer(kafka, { topicPrefix: config.KAFKA_TOPIC_PREFIX });
await producer.connect();
lifecycle.addShutdownStep({ name: 'kafka producer', run: () => producer.disconnect() });

const { deps, relay, consumers, pushGroupId } = await configureChat({ db: conn.db!, kafka, producer, topicPrefix: config.KAFKA_TOPIC_PREFIX, log });
relay.start();
lifecycle.addShutdownStep({ name: 'outbox relay', run: () => relay.stop() });
for (const c of consumers) await c.start();
lifecycle.addShutdownStep({
  name: 'consumers',
  run: async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([pushGroupId]).catch(() => {});
    await admin.disconnect();
  },
});

const server = await buildChatServer(deps, { log, verifier: createTokenVerifier({ jwksUrl: config.JWKS_URL }), lifecycle, nodeEnv: config.NODE_ENV });
lifecycle.addShutdownStep({ name: 'http and subscriptions', run: () => server.close() });
const { url } = await server.listen(config.PORT);
lifecycle.markRunning();
log.info({ url }, 'chat subgraph ready (subscriptions over graphql-ws on the same URL)');
