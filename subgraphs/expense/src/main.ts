// The expense subgraph's composition root: config, log, store, bus, server, in that order; shutdown
// runs the steps in reverse (HTTP first, then consumers, then the relay, then the connections).
import { createEventProducer, createKafkaClient, ensureTopics } from '@expensio/events';
import { createLifecycle, createLogger, createTokenVerifier, loadConfig } from '@expensio/kit';
import mongoose from 'mongoose';
import { configureExpense } from './app.ts';
import { configSchema } from './config.ts';
import { buildExpenseServer } from './server.ts';

const config = loadConfig(configSchema);
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

const { deps, relay, users } = await configureExpense({ conn, kafka, producer, topicPrefix: config.KAFKA_TOPIC_PREFIX, log });
relay.start();
lifecycle.addShutdownStep({ name: 'outbox relay', run: () => relay.stop() });
await users.start();
lifecycle.addShutdownStep({ name: 'user events consumer', run: () => users.stop() });

const verifier = createTokenVerifier({ jwksUrl: config.JWKS_URL });
const server = await buildExpenseServer(deps, { log, verifier, lifecycle, nodeEnv: config.NODE_ENV });
lifecycle.addShutdownStep({ name: 'http', run: () => server.close() });
const { url } = await server.listen(config.PORT);
lifecycle.markRunning();
log.info({ url }, 'expense subgraph ready');
