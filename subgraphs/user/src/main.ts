// The user subgraph's composition root: config, log, PostgreSQL (migrated), Kafka (topics, producer,
// outbox relay, saga workers), then HTTP. Shutdown runs the steps in reverse: HTTP first, stores last.
import { join } from 'node:path';
import { createPgOutboxRelay } from '@expensio/events';
import { connectKafka, createLifecycle, createLogger, loadConfig } from '@expensio/kit';
import { userEnvSchema } from './config.ts';
import { createDatabase } from './db/database.ts';
import { startDeletionWorkers } from './deletion/deletionWorkers.ts';
import { createMailer } from './mail/createMailer.ts';
import { createUserServer, DELETION_CONSUMER_GROUP, settingsFromConfig } from './server.ts';
import { loadSecrets } from './tokens/secrets.ts';

const config = loadConfig(userEnvSchema);
const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const lifecycle = createLifecycle({ log });
lifecycle.installSignalHandlers();

const database = createDatabase({
  url: config.DATABASE_URL,
  onIdleError: (err) => log.warn({ err }, 'idle PostgreSQL connection failed'),
});
lifecycle.addShutdownStep({ name: 'postgres', run: () => database.close() });
await database.migrate();
log.info({}, 'database migrated');

const secrets = await loadSecrets({
  privateKeyPem: config.JWT_PRIVATE_KEY,
  otpSecret: config.OTP_SECRET,
  keysDir: join(config.EXPENSIO_STATE_DIR, 'keys'),
  nodeEnv: config.NODE_ENV,
});
const mailer = createMailer(config, log);
lifecycle.addShutdownStep({ name: 'mailer', run: () => mailer.close() });

const { kafka, producer } = await connectKafka({ brokers: config.KAFKA_BROKERS, clientId: config.SERVICE_NAME, topicPrefix: config.KAFKA_TOPIC_PREFIX, log, lifecycle });
const relay = createPgOutboxRelay({ db: database.db, producer, log });
relay.start();
lifecycle.addShutdownStep({ name: 'outbox relay', run: () => relay.stop() });

const server = await createUserServer({
  db: database.db,
  log,
  mailer,
  secrets,
  settings: settingsFromConfig(config),
  nudgeOutbox: () => relay.nudge(),
  lifecycle,
  nodeEnv: config.NODE_ENV,
});

const workers = await startDeletionWorkers({
  saga: server.deletion,
  kafka,
  producer,
  relay,
  groupId: `${config.KAFKA_TOPIC_PREFIX}${DELETION_CONSUMER_GROUP}`,
  topicPrefix: config.KAFKA_TOPIC_PREFIX,
  checkIntervalMs: config.DELETION_CHECK_INTERVAL_SECONDS * 1000,
  log,
});
lifecycle.addShutdownStep({ name: 'deletion saga workers', run: () => workers.stop() });

lifecycle.addShutdownStep({ name: 'http', run: () => server.close() }); // registered last, so it stops first
await server.listen(config.PORT);
lifecycle.markRunning();
log.info(
  { mail: mailer.kind, jwks: `http://localhost:${config.PORT}/.well-known/jwks.json` },
  'user subgraph running',
);
