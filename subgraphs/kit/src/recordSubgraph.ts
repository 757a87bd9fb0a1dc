// What a MongoDB subgraph that keeps users' records (expense, income) is made of besides its
// domain: its environment, its server with a verified user in the context, its runtime (user
// directory, outbox relay, deletion saga participant, user topic consumer) and its composition root.
import type {
  TOPICS} from '@expensio/events';
import {
  createMongoOutboxRelay,
  type ConsumerRunner,
  type ConsumerRunnerOptions,
  type EventProducer,
  type OutboxRelay,
  type ServiceName,
} from '@expensio/events';
import type { Collection, Db } from 'mongodb';
import type { AuthenticatedUser, TokenVerifier, TokenVerifierOptions } from './auth.ts';
import { createTokenVerifier } from './auth.ts';
import { connectKafka, connectMongo, type MongoServiceConfig } from './connections.ts';
import { createLifecycle, type Lifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSubgraphServer, type GraphQLResolverMap, type SubgraphServer } from './server.ts';
import { createUserEventsConsumer, type UserDirectory } from './userDirectory.ts';

export type RecordSubgraphConfig = MongoServiceConfig;

/** The request context of a record subgraph: its deps and the caller. */
export type UserScopedContext<Deps> = Deps & {
  /** The caller, from a verified access token; undefined when there is none or it is invalid. */
  user: AuthenticatedUser | undefined;
};

export interface ScopedServerOptions {
  log: Logger;
  verifier: TokenVerifier;
  lifecycle?: Lifecycle;
  nodeEnv?: string;
  /** Checked by /readyz, e.g. a ping of the database. Default: none. */
  db?: Db;
}

/** The subgraph's HTTP server, built but not listening (tests call listen(0)). */
export function createUserScopedServer<Deps extends object>(
  { typeDefs, resolvers, deps }: { typeDefs: string; resolvers: GraphQLResolverMap<UserScopedContext<Deps>>; deps: Deps },
  { log, verifier, lifecycle, nodeEnv, db }: ScopedServerOptions,
): Promise<SubgraphServer<UserScopedContext<Deps>>> {
  return createSubgraphServer<UserScopedContext<Deps>>({
    typeDefs,
    resolvers,
    log,
    ...(lifecycle ? { lifecycle } : {}),
    ...(nodeEnv ? { nodeEnv } : {}),
    ...(db ? { readinessChecks: [{ name: 'mongodb', check: async () => void (await db.command({ ping: 1 })) }] } : {}),
    context: async ({ req }) => ({ ...deps, user: await verifier.fromAuthorizationHeader(req.headers.authorization) }),
  });
}

/** What the composition root hands a subgraph's `configure`. */
export interface RecordSubgraphParts {
  db: Db;
  kafka: ConsumerRunnerOptions<typeof TOPICS.user>['kafka'];
  producer: EventProducer;
  topicPrefix?: string;
  log: Logger;
}

export interface RecordRuntime {
  directory: UserDirectory;
  relay: OutboxRelay;
  /** The user topic consumer (group `<service>.users`, after the topic prefix): profiles and account deletion. */
  users: ConsumerRunner;
  /** The subgraph's other consumers (e.g. chat commands), started after `users`, stopped before it. */
  consumers?: readonly ConsumerRunner[];
}

/**
 * The parts every record subgraph runs: a user directory fed by the user topic, an outbox relay
 * over `outbox` (and the saga replies), and a participant of the deletion saga that calls `purge`
 * (which may be defined after this call: it runs only when a deletion request arrives).
 */
export function createRecordRuntime({
  service,
  parts: { db, kafka, producer, topicPrefix = '', log },
  outbox,
  purge,
}: {
  service: ServiceName;
  parts: RecordSubgraphParts;
  /** Collections whose documents carry pending events. */
  outbox: readonly Collection<never>[];
  /** Deletes everything of the user; returns counts per kind (the profile copy is added here). */
  purge: (userId: string) => Promise<Record<string, number>>;
}): RecordRuntime {
  const relay = createMongoOutboxRelay({ collections: [...outbox, db.collection('saga_replies')] as never, producer, log });
  const { directory, users } = createUserEventsConsumer({ service, db, relay, kafka, producer, topicPrefix, log, purge });
  return { directory, relay, users };
}

export interface RecordSubgraphModule<Deps extends object> {
  /** The subgraph's app.ts: builds its deps and runtime on the parts. */
  configure: (parts: RecordSubgraphParts) => Promise<{ deps: Deps; runtime: RecordRuntime }>;
  /** The subgraph's server.ts. */
  buildServer: (deps: Deps, options: ScopedServerOptions) => Promise<SubgraphServer<UserScopedContext<Deps>>>;
}

/**
 * Configures the subgraph on the parts, starts its relay and consumer, and serves it on `port`
 * (0: any free port). With a lifecycle, each started piece registers its shutdown step (so they
 * stop in reverse: HTTP, consumer, relay); `stop()` does the same without one (tests).
 */
export async function startRecordSubgraph<Deps extends object>({
  parts,
  configure,
  buildServer,
  verifier,
  lifecycle,
  nodeEnv,
  port = 0,
  host,
}: RecordSubgraphModule<Deps> & {
  parts: RecordSubgraphParts;
  /** Where access tokens are checked: the user subgraph's JWKS URL, or the keys themselves (tests). */
  verifier: TokenVerifierOptions;
  lifecycle?: Lifecycle;
  nodeEnv?: string;
  port?: number;
  host?: string;
}) {
  const { deps, runtime } = await configure(parts);
  runtime.relay.start();
  lifecycle?.addShutdownStep({ name: 'outbox relay', run: () => runtime.relay.stop() });
  await runtime.users.start();
  lifecycle?.addShutdownStep({ name: 'user events consumer', run: () => runtime.users.stop() });
  for (const consumer of runtime.consumers ?? []) await consumer.start();
  lifecycle?.addShutdownStep({ name: 'other consumers', run: async () => void (await Promise.all((runtime.consumers ?? []).map((c) => c.stop()))) });
  const server = await buildServer(deps, {
    log: parts.log,
    verifier: createTokenVerifier(verifier),
    db: parts.db,
    ...(lifecycle ? { lifecycle } : {}),
    ...(nodeEnv ? { nodeEnv } : {}),
  });
  lifecycle?.addShutdownStep({ name: 'http', run: () => server.close() });
  const { url } = await server.listen(port, host);
  return {
    url,
    deps,
    runtime,
    server,
    async stop() {
      await server.close();
      await Promise.all((runtime.consumers ?? []).map((c) => c.stop()));
      await runtime.users.stop();
      await runtime.relay.stop();
    },
  };
}

/**
 * The composition root of a record subgraph: config, log, store, bus, runtime, server, in that
 * order; shutdown runs the steps in reverse (HTTP first, then the consumer, then the relay, then
 * the connections).
 */
export async function runRecordSubgraph<Deps extends object>({ config, ...module }: RecordSubgraphModule<Deps> & { config: RecordSubgraphConfig }): Promise<void> {
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const lifecycle = createLifecycle({ log });
  lifecycle.installSignalHandlers();

  const db = await connectMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, lifecycle });
  const { kafka, producer } = await connectKafka({ brokers: config.KAFKA_BROKERS, clientId: config.SERVICE_NAME, topicPrefix: config.KAFKA_TOPIC_PREFIX, log, lifecycle });

  const { url } = await startRecordSubgraph({
    ...module,
    parts: { db, kafka, producer, topicPrefix: config.KAFKA_TOPIC_PREFIX, log },
    verifier: { jwksUrl: config.JWKS_URL },
    lifecycle,
    nodeEnv: config.NODE_ENV,
    port: config.PORT,
  });
  lifecycle.markRunning();
  log.info({ url }, `${config.SERVICE_NAME} subgraph ready`);
}
