import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger, TokenVerifier } from '@expensio/kit';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  PreparedSubscription,
  SubscriptionExecutor,
  SubscriptionSession,
} from './createSubscriptionExecutor.ts';
import { checkOperationLimits, type QueryLimits } from './limits.ts';

export interface SubscriptionServerOptions {
  httpServer: Server;
  /** Default `/graphql`: the same path as HTTP. */
  path?: string;
  verifier: TokenVerifier;
  executor: SubscriptionExecutor;
  limits: QueryLimits;
  log: Logger;
  /** Subscriptions one connection may hold at once. Default 50. */
  maxSubscriptionsPerConnection?: number;
  /** How long `close()` waits for clients to answer the close handshake before cutting them. Default 3000 ms. */
  closeTimeoutMs?: number;
}

type ConnectionExtra = {
  session?: SubscriptionSession;
  expiryTimer?: NodeJS.Timeout;
};

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of `{ authorization: 'Bearer <jwt>' }` or `{ token: '<jwt>' }`. */
function tokenOf(params: Record<string, unknown> | undefined): string | undefined {
  if (typeof params?.['authorization'] === 'string')
    return BEARER.exec(params['authorization'])?.[1];
  if (typeof params?.['token'] === 'string' && params['token'].length > 0) return params['token'];
  return undefined;
}

/** setTimeout's largest delay (about 24.8 days); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const badRequest = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** The error with Apollo Server's code for it over HTTP, so clients handle both transports alike. */
const coded = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    ...(error.source ? { source: error.source } : {}),
    ...(error.positions ? { positions: error.positions } : {}),
    originalError: error,
    extensions: { ...error.extensions, code },
  });

/**
 * graphql-ws on the gateway's HTTP server and path. A connection authenticates once, with the
 * access token in `connectionParams`; without a valid one it is closed with 4401, and it is closed
 * with 4401 "Token expired" when the token expires (clients reconnect with a fresh token).
 * Subscriptions are validated against the supergraph, held to the query limits, and executed by
 * the subscription executor; queries and mutations belong to HTTP.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions) {
  const { verifier, executor, limits, log } = options;
  const maxPerConnection = options.maxSubscriptionsPerConnection ?? 50;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path ?? '/graphql' });

  const unauthorized = (socket: WebSocket, reason: string) => {
    socket.close(CloseCode.Unauthorized, reason);
    return false; // graphql-ws would close with 4403; the socket is already closing with 4401
  };

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      // No `schema` option: onSubscribe validates against executor.schema, the latest supergraph.
      async onConnect(ctx) {
        const { socket } = ctx.extra;
        const token = tokenOf(ctx.connectionParams);
        if (!token)
          return unauthorized(
            socket,
            'Missing access token: connectionParams { authorization: "Bearer <token>" }',
          );
        const verified = await verifier.verifyWithExpiry(token).catch(() => undefined);
        if (!verified) return unauthorized(socket, 'Invalid or expired access token');
        if (socket.readyState !== socket.OPEN) return false; // gone while we verified
        ctx.extra.session = executor.openSession({
          user: verified.user,
          authorization: `Bearer ${token}`,
        });
        const ms = Math.min(verified.expiresAt.getTime() - Date.now(), MAX_TIMER_MS);
        ctx.extra.expiryTimer = setTimeout(
          () => socket.close(CloseCode.Unauthorized, 'Token expired'),
          Math.max(0, ms),
        );
        return true;
      },
      onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > maxPerConnection) {
          return [badRequest(`At most ${maxPerConnection} subscriptions per connection`)];
        }
        const schema = executor.schema;
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [
            err instanceof GraphQLError
              ? coded(err, 'GRAPHQL_PARSE_FAILED')
              : badRequest('The query does not parse'),
          ];
        }
        const invalid = validate(schema, document);
        if (invalid.length > 0) return invalid.map((e) => coded(e, 'GRAPHQL_VALIDATION_FAILED'));
        const operationName = payload.operationName ?? undefined;
        const operation = getOperationAST(document, operationName);
        if (!operation) return [badRequest('Unable to identify the operation')];
        if (operation.operation !== 'subscription') {
          return [
            badRequest(
              'Only subscriptions are served over WebSocket; send queries and mutations to POST /graphql',
            ),
          ];
        }
        const coerced = getVariableValues(
          schema,
          operation.variableDefinitions ?? [],
          payload.variables ?? {},
        );
        if (coerced.errors) return coerced.errors.map((e) => coded(e, 'BAD_USER_INPUT'));
        const refusal = checkOperationLimits(document, operation, coerced.coerced, schema, limits);
        if (refusal) return [refusal];
        let prepared: PreparedSubscription;
        try {
          prepared = executor.prepare({
            query: payload.query,
            document,
            operationName,
            variables: coerced.coerced,
          });
        } catch (err) {
          log.error({ err }, 'could not plan a subscription');
          return [
            new GraphQLError('Internal server error', {
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            }),
          ];
        }
        // graphql-ws hands contextValue to `subscribe` below untouched.
        return {
          schema,
          document,
          operationName,
          variableValues: coerced.coerced,
          contextValue: { prepared, session: ctx.extra.session },
        };
      },
      subscribe(args) {
        const { prepared, session } = args.contextValue as {
          prepared: PreparedSubscription;
          session: SubscriptionSession;
        };
        try {
          return executor.execute(prepared, session);
        } catch (err) {
          log.error({ err }, 'could not start a subscription');
          return {
            errors: [
              new GraphQLError('Internal server error', {
                extensions: { code: 'INTERNAL_SERVER_ERROR' },
              }),
            ],
          };
        }
      },
      async onClose(ctx) {
        clearTimeout(ctx.extra.expiryTimer);
        await ctx.extra.session?.dispose();
      },
    },
    wss,
  );

  return {
    wss,
    /**
     * Closes every connection with 1001 (going away): their subscriptions end and their upstream
     * connections close. Clients that do not answer within closeTimeoutMs are cut.
     */
    async close() {
      const closeTimeoutMs = options.closeTimeoutMs ?? 3_000;
      const timer = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, closeTimeoutMs);
      try {
        await server.dispose();
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Over HTTP, @apollo/gateway would fail a subscription with an internal error; say where it goes.
 * (graphql-over-HTTP has no subscriptions; graphql-ws on the same URL does.)
 */
export function refuseHttpSubscriptionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError(
            'Subscriptions are served over WebSocket (graphql-ws protocol) at this same URL',
            {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            },
          );
        },
      };
    },
  };
}
