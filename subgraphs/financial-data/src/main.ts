// The financial-data subgraph's composition root: config, log, store, bus, server, in that order;
// shutdown runs the steps in reverse (HTTP first, then consumers, then the relay, then connections).
import { connectKafka, connectMongo, createLifecycle, createLogger, createTokenVerifier, loadConfig, openAiConfigOf } from '@expensio/kit';
import { configureFinancialData } from './app.ts';
import { configSchema } from './config.ts';
import { buildFinancialDataServer } from './server.ts';

const config = loadConfig(configSchema);
const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const lifecycle = createLifecycle({ log });
lifecycle.installSignalHandlers();

const db = await connectMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, lifecycle });
const { kafka, producer } = await connectKafka({ brokers: config.KAFKA_BROKERS, clientId: config.SERVICE_NAME, topicPrefix: config.KAFKA_TOPIC_PREFIX, log, lifecycle });

const { deps, relay, aggregates, users } = await configureFinancialData({
  db,
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
