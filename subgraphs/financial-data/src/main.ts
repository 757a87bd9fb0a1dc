// The financial-data subgraph's composition root: config, log, store, bus, server, in that order;
// shutdown runs the steps in reverse (HTTP first, then consumers, then the relay, then connections).
import { createEventProducer, createKafkaClient, ensureTopics } from '@expensio/events';
import { createLifecycle, createLogger, createTokenVerifier, loadConfig, openAiConfigOf } from '@expensio/kit';
import { MongoClient } from 'mongodb';
import { configureFinancialData } from './app.ts';
import { configSchema } from './config.ts';
import { buildFinancialDataServer } from './server.ts';

const config = loadConfig(configSchema);
const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const lifecycle = createLifecycle({ log });
lifecycle.installSignalHandlers();

const client = await new MongoClient(config.MONGODB_URI).connect();
lifecycle.addShutdownStep({ name: 'mongodb', run: () => client.close() });

const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: config.SERVICE_NAME, log });
await ensureTopics(kafka, { topicPrefix: config.KAFKA_TOPIC_PREFIX });
const producer = createEventProducer(kafka, { topicPrefix: config.KAFKA_TOPIC_PREFIX });
await producer.connect();
lifecycle.addShutdownStep({ name: 'kafka producer', run: () => producer.disconnect() });

const { deps, relay, aggregates, users } = await configureFinancialData({
  db: client.db(config.MONGODB_DB),
  kafka,
  producer,
  topicPrefix: config.KAFKA_TOPIC_PREFIX,
  log,
  writeConcurrency: config.FINANCIAL_WRITE_CONCURRENCY,
  partitionsConcurrency: config.FINANCIAL_PARTITIONS_CONCURRENCY,
  openai: openAiConfigOf(config),
});
relay.start();
lifecycle.addShutdownStep({ name: 'outbox relay', run: () => relay.stop() });
await users.start();
lifecycle.addShutdownStep({ name: 'user events consumer', run: () => users.stop() });
await aggregates.start();
lifecycle.addShutdownStep({ name: 'aggregates consumer', run: () => aggregates.stop() });

const verifier = createTokenVerifier({ jwksUrl: config.JWKS_URL });
const server = await buildFinancialDataServer(deps, { log, verifier, lifecycle, nodeEnv: config.NODE_ENV });
lifecycle.addShutdownStep({ name: 'http', run: () => server.close() });
const { url } = await server.listen(config.PORT);
lifecycle.markRunning();
log.info({ url }, 'financial-data subgraph ready');
