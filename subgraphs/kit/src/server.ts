import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin, BaseContext, ContextFunction } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { ExpressContextFunctionArgument } from '@as-integrations/express5';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import { parse } from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import {
  createFormatError,
  httpStatusOf,
  INTERNAL_ERROR_MESSAGE,
  payloadTooLarge,
} from './errors.ts';
import type { ErrorCode } from './errors.ts';
import { serveGraphQL, type Refusal } from './graphqlPost.ts';
import { createLifecycle } from './lifecycle.ts';
import type { Lifecycle } from './lifecycle.ts';

export type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';

export interface ReadinessCheck {
  /** Shown in the /readyz body, e.g. `mongo`, `kafka`. */
  name: string;
  /** Resolves when the dependency is usable; rejects or resolves false when it is not. */
  check: () => Promise<boolean | void> | boolean | void;
  /** A check that takes longer fails. Default: 2000 ms. */
  timeoutMs?: number;
}

export interface SubgraphServerOptions<TContext extends BaseContext> {
  /** The subgraph's SDL (`schema.graphql` as a string, or parsed). */
  typeDefs: string | DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
  log: Logger;
  /**
   * Rewrites the schema `buildSubgraphSchema` built from `typeDefs` and `resolvers` before Apollo
   * serves it: schema directive transformers (e.g. graphql-rate-limit-directive's `@rateLimit`)
   * go here. Return the schema to serve; federation's `_service` and `_entities` keep working
   * as long as the transform keeps types' `extensions` (graphql-tools' `mapSchema` does).
   * Default: the built schema as is.
   */
  transformSchema?: (schema: GraphQLSchema) => GraphQLSchema;
  /**
   * Adds the subgraph's own HTTP routes (e.g. `/.well-known/jwks.json`) to the express app. They
   * are registered after `/healthz` and `/readyz` (which therefore cannot be overridden) and
   * before `/graphql` and the JSON 404 catch-all, which a route added to `app` after
   * `createSubgraphServer` returns would never get past. Errors they pass to `next` get the
   * kit's JSON error shape. Default: none.
   */
  routes?: (app: express.Express) => void;
  /** Builds the per-request context (verify the token here). Default: an empty object. */
  context?: ContextFunction<[ExpressContextFunctionArgument], TContext>;
  /** More Apollo plugins, after the kit's drain plugin. Default: none. */
  plugins?: ApolloServerPlugin<TContext>[];
  /**
   * The service lifecycle; /readyz is 200 only while it is `running`. Default: a private one that
   * is running between `listen()` and `close()`, for tests and simple tools.
   */
  lifecycle?: Lifecycle;
  /** Checks /readyz runs on each call, in parallel. More can be added later. Default: none. */
  readinessChecks?: readonly ReadinessCheck[];
  /** Largest accepted JSON body, in `express.json` syntax. Default: `1mb`. */
  bodyLimit?: string;
  /**
   * Decides introspection (on unless `production`). Default: `process.env.NODE_ENV`, the same
   * default Apollo uses, so forgetting to pass it never opens introspection in production.
   */
  nodeEnv?: string;
  /** How long `close()` lets in-flight requests finish before cutting connections. Default: 10000 ms. */
  drainTimeoutMs?: number;
}

export interface SubgraphServer<TContext extends BaseContext> {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<TContext>;
  addReadinessCheck(check: ReadinessCheck): void;
  /** Starts accepting connections. Default host: all interfaces. Port 0 picks a free port. */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, drains in-flight requests, stops Apollo. Safe to call more than once. */
  close(): Promise<void>;
}

const DEFAULT_CHECK_TIMEOUT_MS = 2_000;

type CheckResult = { ok: true } | { ok: false; error: string };

async function runCheck(readiness: ReadinessCheck): Promise<CheckResult> {
  const timeoutMs = readiness.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, error: `timed out after ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const checked = Promise.resolve()
    .then(readiness.check)
    .then(
      (result): CheckResult =>
        result === false ? { ok: false, error: 'check returned false' } : { ok: true },
      (error: unknown): CheckResult => ({
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  try {
    return await Promise.race([checked, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function errorBody(code: ErrorCode, message: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Builds a federation subgraph on express without listening: `/graphql` (Apollo), `/healthz`
 * (liveness: 200 while the process can answer) and `/readyz` (readiness: 200 only while the
 * lifecycle is running and every check passes). Signals are the lifecycle's job, not Apollo's.
 */
export async function createSubgraphServer<TContext extends BaseContext = BaseContext>(
  options: SubgraphServerOptions<TContext>,
): Promise<SubgraphServer<TContext>> {
  const { log } = options;
  const bodyLimit = options.bodyLimit ?? '1mb';
  const nodeEnv = options.nodeEnv ?? process.env['NODE_ENV'];
  const ownsLifecycle = options.lifecycle === undefined;
  const lifecycle = options.lifecycle ?? createLifecycle({ log });
  const readinessChecks = [...(options.readinessChecks ?? [])];

  const app = express();
  app.disable('x-powered-by');
  // Its request listener comes with /graphql (serveGraphQL, below): JSON POSTs to /graphql are
  // served without express (graphqlPost.ts), everything else by the app.
  const httpServer = http.createServer();
  const typeDefs =
    typeof options.typeDefs === 'string' ? parse(options.typeDefs) : options.typeDefs;

  const schema = buildSubgraphSchema({
    typeDefs,
    // buildSubgraphSchema types resolvers for `unknown` context; ours are typed for TContext.
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });

  const apollo = new ApolloServer<TContext>({
    schema: options.transformSchema === undefined ? schema : options.transformSchema(schema),
    formatError: createFormatError(log),
    includeStacktraceInErrorResponses: false,
    introspection: nodeEnv !== 'production',
    csrfPrevention: true,
    // Signals belong to the service lifecycle, which stops HTTP in its place among the other steps.
    stopOnTerminationSignals: false,
    logger: log.child({ component: 'apollo' }),
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer,
        stopGracePeriodMillis: options.drainTimeoutMs ?? 10_000,
      }),
      // The subgraphs declare no cache hints; the default plugin still ran a hook per resolved field.
      ApolloServerPluginCacheControlDisabled(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      readinessChecks.map(
        async (readiness) => [readiness.name, await runCheck(readiness)] as const,
      ),
    );
    const failed = results.filter(([, result]) => !result.ok).map(([name]) => name);
    const running = lifecycle.state === 'running';
    const ready = running && failed.length === 0;
    if (!ready) log.warn({ lifecycle: lifecycle.state, failed }, 'not ready');
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      lifecycle: lifecycle.state,
      failed,
      checks: Object.fromEntries(
        results.map(([name, result]) => [name, result.ok ? 'ok' : result.error]),
      ),
    });
  });

  options.routes?.(app);

  const context = options.context ?? (async () => ({}) as TContext);
  const tooLargeError = payloadTooLarge(bodyLimit);
  const tooLarge: Refusal = { status: tooLargeError.httpStatus, body: errorBody(tooLargeError.code, tooLargeError.message) };
  const invalidJson: Refusal = { status: httpStatusOf('BAD_USER_INPUT'), body: errorBody('BAD_USER_INPUT', 'Request body is not valid JSON') };
  serveGraphQL(httpServer, { app, apollo, context, bodyLimit, tooLarge, invalidJson, log });

  app.use((_req, res) => {
    res.status(httpStatusOf('NOT_FOUND')).json(errorBody('NOT_FOUND', 'Not found'));
  });

  // express would otherwise answer an error with an HTML page (and a stack trace outside
  // production); answer in the GraphQL error shape instead. Bodies /graphql refuses are answered by
  // serveGraphQL.
  const handleHttpError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    log.error({ err: error }, 'unhandled HTTP error');
    res
      .status(httpStatusOf('INTERNAL_SERVER_ERROR'))
      .json(errorBody('INTERNAL_SERVER_ERROR', INTERNAL_ERROR_MESSAGE));
  };
  app.use(handleHttpError);

  let closing: Promise<void> | undefined;

  return {
    app,
    httpServer,
    apollo,

    addReadinessCheck(check) {
      readinessChecks.push(check);
    },

    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          // A wildcard address is not something a client can dial; localhost is.
          const shownHost =
            host === undefined || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          const urlHost = shownHost.includes(':') ? `[${shownHost}]` : shownHost;
          const url = `http://${urlHost}:${address.port}/graphql`;
          if (ownsLifecycle) lifecycle.markRunning();
          log.info({ url }, 'listening');
          resolve({ url, port: address.port });
        });
      });
    },

    close() {
      closing ??= (async () => {
        if (ownsLifecycle) await lifecycle.shutdown({ reason: 'server closed' });
        // The drain plugin closes the HTTP server; one that never listened has nothing to close.
        await apollo.stop();
        if (httpServer.listening)
          await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      })();
      return closing;
    },
  };
}
