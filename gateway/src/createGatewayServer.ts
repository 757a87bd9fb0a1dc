import { createServer, type Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { createFormatError, serveGraphQL, type Logger, type Refusal, type TokenVerifier } from '@expensio/kit';
import express from 'express';
import { GraphQLError } from 'graphql';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { composeSupergraph } from './compose.ts';
import { DEFAULT_LIMITS, queryLimitsPlugin, type QueryLimits } from './limits.ts';
import type { SubgraphDefinition } from './subgraphs.ts';
import { createSubgraphDataSource, type GatewayContext } from './createSubgraphDataSource.ts';
import { createSubgraphFetcher } from './subgraphFetcher.ts';
import { createSubscriptionExecutor } from './createSubscriptionExecutor.ts';
import { createSubscriptionServer, refuseHttpSubscriptionsPlugin } from './createSubscriptionServer.ts';

export type { GatewayContext };

export interface GatewayOptions {
  subgraphs: readonly SubgraphDefinition[];
  verifier: TokenVerifier;
  log: Logger;
  /** production: no Sandbox, no introspection. Default development. */
  nodeEnv?: string;
  limits?: Partial<QueryLimits>;
  /** Largest accepted request body. Default 100kb: far above any real operation. */
  bodyLimit?: string;
  /** Requests per client address per minute. Default 600. */
  requestsPerMinute?: number;
  /** Events of one subscription waiting for a slow client before the oldest is dropped. Default 16. */
  subscriptionQueueSize?: number;
  /** Subscriptions one WebSocket connection may hold at once. Default 50. */
  maxSubscriptionsPerConnection?: number;
}

const unauthenticated = () =>
  new GraphQLError('Invalid or expired access token: sign in again or refresh the session', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });

/**
 * The gateway: a static supergraph composed from the subgraphs' schemas, executed by
 * @apollo/gateway, on express with one port for HTTP and WebSocket (graphql-ws subscriptions,
 * see createSubscriptionExecutor) at /graphql.
 */
export async function createGatewayServer(options: GatewayOptions) {
  const { subgraphs, verifier, log, nodeEnv = 'development', bodyLimit = '100kb', requestsPerMinute = 600 } = options;
  const production = nodeEnv === 'production';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const supergraphSdl = composeSupergraph(subgraphs);

  const formatError = createFormatError(log);
  const fetcher = createSubgraphFetcher(); // one connection pool for every subgraph call
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url, name }) => createSubgraphDataSource({ name, url, log, fetcher }),
  });
  const executor = createSubscriptionExecutor({
    supergraphSdl,
    log,
    formatError,
    buildDataSource: ({ name, url }) => createSubgraphDataSource({ name, url, log, fetcher }),
    ...(options.subscriptionQueueSize === undefined ? {} : { maxQueuedEvents: options.subscriptionQueueSize }),
  });
  // Registered before start so that subscriptions follow the supergraph the gateway serves.
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => executor.update(coreSupergraphSdl));

  const app = express();
  // Its request listener comes with /graphql (kit serveGraphQL, below): JSON POSTs are served
  // without express, everything else by the app.
  const httpServer: Server = createServer();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    csrfPrevention: true,
    formatError,
    // Apollo's own signal handling would race our lifecycle.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      queryLimitsPlugin(limits),
      refuseHttpSubscriptionsPlugin(),
      // No cache hints anywhere in the supergraph; the default plugin still read every subgraph
      // answer's cache-control header and merged policies on every request.
      ApolloServerPluginCacheControlDisabled(),
      production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
  await apollo.start();
  const subscriptions = createSubscriptionServer({
    httpServer,
    verifier,
    executor,
    limits,
    log,
    ...(options.maxSubscriptionsPerConnection === undefined ? {} : { maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection }),
  });

  const limiter = new RateLimiterMemory({ points: requestsPerMinute, duration: 60 });
  let ready = true;
  let closing: Promise<void> | undefined;
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => void res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'draining' }));
  /** The per-address rate limit: a 429 once the address spent its requests of the minute. */
  async function admit(req: express.Request): Promise<Refusal | undefined> {
    try {
      await limiter.consume(req.ip ?? 'unknown');
      return undefined;
    } catch (rejection) {
      const retryAfter = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 1000) / 1000);
      return {
        status: 429,
        headers: { 'retry-after': String(retryAfter) },
        body: { errors: [{ message: `Too many requests; retry in ${retryAfter} s`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] },
      };
    }
  }
  const tooLarge: Refusal = { status: 413, body: { errors: [{ message: `Request body larger than ${bodyLimit}`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] } };
  const invalidJson: Refusal = { status: 400, body: { errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] } };
  const context = async ({ req }: { req: express.Request }): Promise<GatewayContext> => {
    const authorization = req.headers.authorization;
    if (!authorization) return { user: undefined, authorization: undefined };
    // A token that is present but bad is refused here, before any subgraph sees it.
    const user = await verifier.fromAuthorizationHeader(authorization);
    if (!user) throw unauthenticated();
    return { user, authorization };
  };
  serveGraphQL(httpServer, { app, apollo, context, bodyLimit, admit, tooLarge, invalidJson, log });

  return {
    app,
    httpServer,
    apollo,
    supergraphSdl,
    async listen(port: number, host = '0.0.0.0') {
      await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
      const address = httpServer.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return { url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}/graphql`, port: actual };
    },
    /** Safe to call more than once. */
    close() {
      closing ??= (async () => {
        ready = false;
        // Subscriptions first, closed with 1001 (going away) so clients reconnect elsewhere; then
        // HTTP drains through the plugin.
        await subscriptions.close();
        await apollo.stop();
      })();
      return closing;
    },
  };
}
export type GatewayServer = Awaited<ReturnType<typeof createGatewayServer>>;
