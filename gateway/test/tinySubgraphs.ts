// Two tiny subgraphs for the gateway's subscription tests, on loopback: `ticks` owns
// `Subscription.ticked` over graphql-ws, whose Tick references a User that `people` resolves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { on, EventEmitter } from 'node:events';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createSubgraphServer, DomainError, type Logger, type TokenVerifier } from '@expensio/kit';
import { parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

export const ticksTypeDefs = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type User @key(fields: "id", resolvable: false) { id: ID! }
  type Tick { n: Int! label: String user: User! }
  type Query { ticksHealthy: Boolean }
  type Subscription { ticked(label: String): Tick! }
`;

export const peopleTypeDefs = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
  type User @key(fields: "id") { id: ID! firstName: String! friend: User }
  type Query { user(id: ID!): User }
`;

export interface Tick {
  n: number;
  userId: string;
}

/** `ticks`: a graphql-ws server only, as the dashboard subgraph serves its subscription. */
export async function startTicksSubgraph(verifier: TokenVerifier) {
  const emitter = new EventEmitter();
  const stats = {
    started: 0,
    active: 0,
    completed: 0,
    /** The `label` argument of each subscription started and completed: tests tell theirs apart. */
    startedLabels: [] as string[],
    completedLabels: [] as string[],
    connectionParams: [] as Record<string, unknown>[],
  };

  /** A source whose return() ends at once (an async generator's would wait for the next tick). */
  function listen(label: string): AsyncIterableIterator<Tick> {
    const events = on(emitter, 'tick');
    stats.started++;
    stats.startedLabels.push(label);
    stats.active++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      stats.active--;
      stats.completed++;
      stats.completedLabels.push(label);
    };
    const source: AsyncIterableIterator<Tick> = {
      [Symbol.asyncIterator]: () => source,
      async next() {
        const r = await events.next();
        if (r.done) {
          end();
          return { done: true, value: undefined };
        }
        return { done: false, value: (r.value as [Tick])[0] };
      },
      async return() {
        end();
        await events.return?.();
        return { done: true, value: undefined };
      },
    };
    return source;
  }

  const schema = buildSubgraphSchema({
    typeDefs: parse(ticksTypeDefs),
    resolvers: {
      Query: { ticksHealthy: () => true },
      Subscription: {
        ticked: {
          subscribe: (_: unknown, args: { label?: string | null }) => listen(args.label ?? ''),
          resolve: (tick: Tick, args: { label?: string | null }) => ({
            n: tick.n,
            label: args.label ?? null,
            user: { id: tick.userId },
          }),
        },
      },
    } as never,
  });

  const httpServer = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const ws = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        stats.connectionParams.push(params);
        const header =
          typeof params['authorization'] === 'string' ? params['authorization'] : undefined;
        return (await verifier.fromAuthorizationHeader(header)) !== undefined;
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stats,
    publish: (tick: Tick) => emitter.emit('tick', tick),
    async close() {
      await ws.dispose();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

/** `people`: resolves User.firstName over HTTP, like any subgraph built on the kit. */
export async function startPeopleSubgraph(log: Logger) {
  const names: Record<string, string> = { 'u-1': 'Ada', 'u-2': 'Grace' };
  const authorizations: (string | undefined)[] = [];
  const server = await createSubgraphServer<{ authorization: string | undefined }>({
    typeDefs: peopleTypeDefs,
    log,
    context: async ({ req }) => {
      authorizations.push(req.headers.authorization);
      return { authorization: req.headers.authorization };
    },
    resolvers: {
      Query: { user: (_: unknown, { id }: { id: string }) => ({ id }) },
      User: {
        __resolveReference: ({ id }: { id: string }) => {
          if (id === 'u-missing') throw new DomainError('NOT_FOUND', 'User not found');
          if (id === 'u-broken')
            throw new Error('connect ECONNREFUSED http://10.1.2.3:5432/people');
          return { id };
        },
        firstName: ({ id }: { id: string }) => names[id] ?? 'Someone',
        friend: () => ({ id: 'u-2' }),
      },
    } as never,
  });
  const { port } = await server.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/graphql`, authorizations, close: () => server.close() };
}
