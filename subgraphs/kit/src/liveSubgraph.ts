// What a subgraph with subscriptions (dashboard, chat) is made of besides its domain: a server with
// queries over HTTP and subscriptions over graphql-ws on the same port and path, and a composition
// root that wires config, store, bus, consumers and server.
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { ConsumerRunner, EventProducer, OutboxRelay, ServiceName } from '@expensio/events';
import { parse, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { WebSocketServer } from 'ws';
import { z } from 'zod';
import type { AuthenticatedUser, TokenVerifier } from './auth.ts';
import { createTokenVerifier } from './auth.ts';
import { loadConfig } from './config.ts';
import { connectKafka, connectMongo, mongoServiceEnv } from './connections.ts';
import { createLifecycle, type Lifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSubgraphServer, type GraphQLResolverMap } from './server.ts';

export type LiveContext<Deps> = Deps & { user: AuthenticatedUser | undefined };

/**
 * Queries over HTTP and subscriptions over graphql-ws on the same port and `/graphql` path. The
 * socket's token comes in connectionParams (`authorization: 'Bearer …'` or `token`); a socket
 * without a valid one is refused (4403). Built without listening (tests call listen(0)).
 */
export async function createLiveSubgraphServer<Deps extends object>({
  typeDefs,
  resolvers,
  deps,
  log,
  verifier,
  lifecycle,
  nodeEnv,
}: {
  typeDefs: string;
  resolvers: GraphQLResolverMap<LiveContext<Deps>>;
  deps: Deps;
  log: Logger;
  verifier: TokenVerifier;
  lifecycle?: Lifecycle;
  nodeEnv?: string;
}) {
  const server = await createSubgraphServer<LiveContext<Deps>>({
    typeDefs,
    resolvers,
    log,
    ...(lifecycle ? { lifecycle } : {}),
    ...(nodeEnv ? { nodeEnv } : {}),
    context: async ({ req }) => ({ ...deps, user: await verifier.fromAuthorizationHeader(req.headers.authorization) }),
  });

  // A schema of its own for the socket: Apollo rewrites its schema's resolvers in place.
  const schema: GraphQLSchema = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never });
  const wss = new WebSocketServer({ server: server.httpServer, path: '/graphql' });
  const ws = useServer<Record<string, unknown>, { user?: AuthenticatedUser }>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header =
          typeof params.authorization === 'string' ? params.authorization : typeof params.token === 'string' ? `Bearer ${params.token}` : undefined;
        const user = await verifier.fromAuthorizationHeader(header);
        if (!user) return false;
        ctx.extra.user = user;
        return true;
      },
      context: (ctx) => ({ ...deps, user: ctx.extra.user }),
    },
    wss,
  );

  return {
    ...server,
    async close() {
      await ws.dispose(); // closes subscriptions with 1001 (going away)
      await server.close();
    },
  };
}
export type LiveSubgraphServer = Awaited<ReturnType<typeof createLiveSubgraphServer>>;

/** What a live subgraph's app.ts returns: its deps and the moving parts main starts and stops. */
export interface LiveParts<Deps> {
  deps: Deps;
  relay: OutboxRelay;
  consumers: readonly ConsumerRunner[];
  /** This replica's own push group, deleted when the replica stops. */
  pushGroupId: string;
}

/**
 * The composition root of a live subgraph: config, log, store, bus, relay, consumers, server, in
 * that order; shutdown runs the steps in reverse.
 */
export async function runLiveSubgraph<Deps extends object>({
  service,
  port,
  configure,
  buildServer,
}: {
  service: ServiceName;
  port: number;
  configure: (parts: { db: Db; kafka: Kafka; producer: EventProducer; topicPrefix: string; log: Logger }) => LiveParts<Deps> | Promise<LiveParts<Deps>>;
  buildServer: (
    deps: Deps,
    options: { log: Logger; verifier: TokenVerifier; lifecycle: Lifecycle; nodeEnv: string },
  ) => Promise<{ listen(port: number): Promise<{ url: string }>; close(): Promise<void> }>;
}): Promise<void> {
  const config = loadConfig(z.object(mongoServiceEnv({ service, port })));
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  const lifecycle = createLifecycle({ log });
  lifecycle.installSignalHandlers();

  const db = await connectMongo({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB, lifecycle });
  const { kafka, producer } = await connectKafka({ brokers: config.KAFKA_BROKERS, clientId: config.SERVICE_NAME, topicPrefix: config.KAFKA_TOPIC_PREFIX, log, lifecycle });

  const { deps, relay, consumers, pushGroupId } = await configure({ db, kafka, producer, topicPrefix: config.KAFKA_TOPIC_PREFIX, log });
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

  const server = await buildServer(deps, { log, verifier: createTokenVerifier({ jwksUrl: config.JWKS_URL }), lifecycle, nodeEnv: config.NODE_ENV });
  lifecycle.addShutdownStep({ name: 'http and subscriptions', run: () => server.close() });
  const { url } = await server.listen(config.PORT);
  lifecycle.markRunning();
  log.info({ url }, `${service} subgraph ready (subscriptions over graphql-ws on the same URL)`);
}
