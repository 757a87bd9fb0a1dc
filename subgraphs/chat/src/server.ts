import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createSubgraphServer, type Lifecycle, type Logger, type TokenVerifier } from '@expensio/kit';
import { parse, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { ChatContext, ChatDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/**
 * The chat subgraph: queries and mutations over HTTP and `Subscription.chatMessageAdded` over graphql-ws on
 * the same port and path. Built without listening (tests call listen(0)).
 */
export async function buildChatServer(
  deps: ChatDeps,
  { log, verifier, lifecycle, nodeEnv }: { log: Logger; verifier: TokenVerifier; lifecycle?: Lifecycle; nodeEnv?: string },
) {
  const server = await createSubgraphServer<ChatContext>({
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
  const ws = useServer<Record<string, unknown>, { user?: ChatContext['user'] }>(
    {
      schema,
      // The token comes in connectionParams; a socket without a valid one is refused (4403).
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = typeof params.authorization === 'string' ? params.authorization : typeof params.token === 'string' ? `Bearer ${params.token}` : undefined;
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
