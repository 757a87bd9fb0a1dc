import { Supergraph, operationFromDocument, type Schema } from '@apollo/federation-internals';
import {
  buildOperationContext,
  executeQueryPlan,
  type GraphQLDataSource,
  type ServiceMap,
} from '@apollo/gateway';
import {
  QueryPlanner,
  type FetchNode,
  type QueryPlan,
  type SubscriptionNode,
} from '@apollo/query-planner';
import { createSharedResults, type FormatError, type Logger } from '@expensio/kit';
import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { createEventStream, type EventSink, type EventStream } from './createEventStream.ts';
import type { GatewayContext } from './createSubgraphDataSource.ts';
import { createUpstreamHub } from './upstreamHub.ts';
import { toClientErrors } from './toClientErrors.ts';

export interface SubscriptionExecutorOptions {
  supergraphSdl: string;
  log: Logger;
  /** The gateway's formatError: subscription errors are masked and shown exactly as over HTTP. */
  formatError: FormatError;
  /** How entity fetches reach a subgraph over HTTP (the same data sources as queries use). */
  buildDataSource(subgraph: { name: string; url: string }): GraphQLDataSource;
  /** Events of one subscription waiting for its client before the oldest is dropped. Default 16. */
  maxQueuedEvents?: number;
  /** Operations whose plan is kept (a thousand clients usually share a few). Default 500. */
  maxCachedPlans?: number;
}

/** Everything derived from one supergraph SDL; replaced whole when the supergraph changes. */
interface SupergraphState {
  /** A private copy of the API schema: Apollo Server rewrites its own schema's resolvers in place. */
  schema: GraphQLSchema;
  apiSchema: Schema;
  supergraphSchema: GraphQLSchema;
  planner: QueryPlanner;
  services: ServiceMap;
  /** The graphql-ws address of each subgraph: its URL with ws(s):, same path. */
  socketUrls: ReadonlyMap<string, string>;
  plans: Map<string, SubscriptionNode>;
}

/** One client connection's link to the subgraphs, authenticated as that client. */
export interface SubscriptionSession {
  readonly context: GatewayContext;
  /**
   * Called when the client connection closes. Its subscriptions have ended by then (graphql-ws
   * returns their streams), which released their share of the upstream connections.
   */
  dispose(): Promise<void>;
}

/** A validated subscription operation, planned and ready to start. */
export interface PreparedSubscription {
  readonly state: SupergraphState;
  /** Operation name and text: what identifies its plan. */
  readonly key: string;
  readonly document: DocumentNode;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown>;
  readonly node: SubscriptionNode;
}

/** The synthetic service that "fetches" an upstream event: the first node of each event's plan. */
const EVENT_SOURCE = '__subscription_event__';

const serviceUnavailable = () =>
  new GraphQLError('The subscription was interrupted by a service of Expensio; subscribe again', {
    extensions: { code: 'SERVICE_UNAVAILABLE' },
  });

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'code' in value &&
    typeof value.code === 'number' &&
    'reason' in value
  );
}

function pick(
  variables: Record<string, unknown>,
  names: readonly string[] | undefined,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names ?? []) if (name in variables) picked[name] = variables[name];
  return picked;
}

/**
 * Federated subscriptions, which @apollo/gateway does not execute: the query planner splits the
 * operation into `primary` (the root field, one fetch to the owning subgraph) and `rest` (entity
 * fetches to other subgraphs). `primary` is forwarded over graphql-ws to the owning subgraph as the
 * client's user; each event it pushes is run through `executeQueryPlan` as a plan whose first
 * fetch returns the event, followed by `rest`, which also shapes the result to the client's
 * selection (aliases, @include/@skip, variable defaults).
 */
export function createSubscriptionExecutor(options: SubscriptionExecutorOptions) {
  const { log, formatError } = options;
  const maxQueued = options.maxQueuedEvents ?? 16;
  const maxCachedPlans = options.maxCachedPlans ?? 500;
  // Subscriptions of one token with one operation receive the same events: their entity fetches
  // are resolved once per event (ten open dashboards of a user cost one resolution, not ten).
  // Kept 2 s: the same event reaches a token's subscriptions within milliseconds of each other.
  const resolutions = createSharedResults({ keepMs: 2_000 });
  // Subscriptions of one token to one upstream operation share one upstream subscription, and the
  // subscriptions of one token to one subgraph share one graphql-ws connection: ten dashboards of
  // a user are one subscription on the dashboard subgraph, not ten that each read and send.
  const hub = createUpstreamHub<FormattedExecutionResult<Record<string, unknown>, unknown>>();
  const clients = new Map<string, { client: Client; users: number }>();

  /** The graphql-ws connection of a token to a subgraph, opened on first use; release when done. */
  function leaseClient(url: string, authorization: string | undefined): { client: Client; release(): void } {
    const key = `${authorization ?? ''}\n${url}`;
    let entry = clients.get(key);
    if (!entry) {
      entry = {
        client: createClient({
          url,
          webSocketImpl: WebSocket,
          // The subgraph verifies the user again, as it does for HTTP.
          connectionParams: authorization ? { authorization } : {},
          // The default retries turned an auth refusal into seconds of silence; fail at once.
          retryAttempts: 0,
          // Connect on the first subscription: a token with nothing subscribed holds no socket.
          lazy: true,
        }),
        users: 0,
      };
      clients.set(key, entry);
    }
    const leased = entry;
    leased.users += 1;
    let released = false;
    return {
      client: leased.client,
      release() {
        if (released) return;
        released = true;
        leased.users -= 1;
        if (leased.users > 0) return;
        if (clients.get(key) === leased) clients.delete(key);
        void leased.client.dispose();
      },
    };
  }

  function build(supergraphSdl: string): SupergraphState {
    const supergraph = Supergraph.build(supergraphSdl);
    const apiSchema = supergraph.apiSchema();
    const subgraphs = supergraph.subgraphsMetadata();
    const services: ServiceMap = Object.create(null);
    const socketUrls = new Map<string, string>();
    for (const { name, url } of subgraphs) {
      services[name] = options.buildDataSource({ name, url });
      socketUrls.set(name, url.replace(/^http/i, 'ws'));
    }
    return {
      schema: apiSchema.toGraphQLJSSchema(),
      apiSchema,
      supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
      planner: new QueryPlanner(supergraph),
      services,
      socketUrls,
      plans: new Map(),
    };
  }

  let sdl = options.supergraphSdl;
  let state = build(sdl);

  /** The upstream error as the client sees it; the detail goes to the log. */
  function upstreamFailure(serviceName: string, error: unknown): GraphQLError {
    if (Array.isArray(error)) {
      // The subgraph refused the subscription (graphql-ws Error message): its errors, with its name.
      const [first] = toClientErrors(
        error.map(
          (e: { message?: string; extensions?: Record<string, unknown> }) =>
            new GraphQLError(e.message ?? 'Subscription refused', {
              extensions: { ...e.extensions, serviceName },
            }),
        ),
        formatError,
      );
      return first ?? serviceUnavailable();
    }
    if (isCloseEvent(error) && (error.code === 4401 || error.code === 4403)) {
      log.warn(
        { subgraph: serviceName, code: error.code, reason: error.reason },
        'subgraph refused the subscription socket',
      );
      return new GraphQLError('Invalid or expired access token', {
        extensions: { code: 'UNAUTHENTICATED', serviceName },
      });
    }
    log.warn(
      {
        subgraph: serviceName,
        err: isCloseEvent(error)
          ? `closed ${error.code} ${error.reason}`
          : error instanceof Error
            ? error.message
            : String(error),
      },
      'subscription upstream failed',
    );
    return serviceUnavailable();
  }

  return {
    /** The schema subscriptions are validated against (a private copy; see SupergraphState). */
    get schema() {
      return state.schema;
    },

    /** Takes a new supergraph (the gateway's onSchemaLoadOrUpdate); running subscriptions keep theirs. */
    update(supergraphSdl: string) {
      if (supergraphSdl === sdl) return;
      sdl = supergraphSdl;
      state = build(supergraphSdl);
    },

    /**
     * Plans a validated subscription operation. Throws if the planner fails (a gateway bug: the
     * operation was validated against the same schema).
     */
    prepare(args: {
      query: string;
      document: DocumentNode;
      operationName: string | undefined;
      variables: Record<string, unknown>;
    }): PreparedSubscription {
      const current = state;
      const key = `${args.operationName ?? ''}\n${args.query}`;
      let node = current.plans.get(key);
      if (!node) {
        const operation = operationFromDocument(
          current.apiSchema,
          args.document,
          args.operationName ? { operationName: args.operationName } : {},
        );
        const plan = current.planner.buildQueryPlan(operation);
        if (plan.node?.kind !== 'Subscription')
          throw new Error(`expected a subscription plan, got ${plan.node?.kind ?? 'none'}`);
        node = plan.node;
        if (current.plans.size >= maxCachedPlans) current.plans.clear();
        current.plans.set(key, node);
      }
      return {
        state: current,
        key,
        document: args.document,
        operationName: args.operationName,
        variables: args.variables,
        node,
      };
    },

    /** A client connection's context for its subscriptions' upstream connections and entity fetches. */
    openSession(context: GatewayContext): SubscriptionSession {
      return { context, dispose: async () => {} };
    },

    /** Starts a prepared subscription: one ExecutionResult per upstream event. */
    execute(
      prepared: PreparedSubscription,
      session: SubscriptionSession,
    ): EventStream<ExecutionResult> {
      const { state: from, node, variables } = prepared;
      const { primary, rest } = node;
      const source: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
      const plan: QueryPlan = {
        kind: 'QueryPlan',
        node: rest ? { kind: 'Sequence', nodes: [source, rest] } : source,
      };
      const operationContext = buildOperationContext({
        schema: from.schema,
        operationDocument: prepared.document,
        ...(prepared.operationName ? { operationName: prepared.operationName } : {}),
      });
      const url = from.socketUrls.get(primary.serviceName);
      if (!url) throw new Error(`no subgraph named ${primary.serviceName}`);
      const upstreamVariables = pick(variables, primary.variableUsages);
      const upstreamKey = [
        session.context.authorization ?? '',
        url,
        primary.operationName ?? '',
        primary.operation,
        JSON.stringify(upstreamVariables),
      ].join('\n');
      const openUpstream = (
        fan: EventSink<FormattedExecutionResult<Record<string, unknown>, unknown>>,
      ) => {
        const lease = leaseClient(url, session.context.authorization);
        const unsubscribe = lease.client.subscribe(
          {
            query: primary.operation,
            variables: upstreamVariables,
            ...(primary.operationName ? { operationName: primary.operationName } : {}),
          },
          {
            next: (event) => fan.next(event),
            error: (error) => {
              lease.release();
              fan.error(upstreamFailure(primary.serviceName, error));
            },
            complete: () => {
              lease.release();
              fan.complete();
            },
          },
        );
        return () => {
          unsubscribe();
          lease.release();
        };
      };

      async function resolveEvent(
        event: FormattedExecutionResult<Record<string, unknown>, unknown>,
      ): Promise<ExecutionResult> {
        const errors: unknown[] = (event.errors ?? []).map(
          (e) =>
            new GraphQLError(e.message, {
              ...(e.path ? { path: e.path } : {}),
              extensions: { ...e.extensions, serviceName: primary.serviceName },
            }),
        );
        if (event.data == null) {
          return {
            data: null,
            errors: toClientErrors(
              errors.length ? errors : [new Error('subscription event without data')],
              formatError,
            ),
          };
        }
        const data = event.data;
        const eventSource: GraphQLDataSource = { process: async () => ({ data }) };
        // Same plan, variables, token and event: the same result, whichever subscription asks.
        const key = createHash('sha256')
          .update(`${prepared.key}\n${JSON.stringify(variables)}\n${session.context.authorization ?? ''}\n`)
          .update(JSON.stringify(data))
          .digest('base64');
        try {
          const result = await resolutions.get(key, () =>
            executeQueryPlan(
              plan,
              { ...from.services, [EVENT_SOURCE]: eventSource },
              // executeQueryPlan reads request.variables, context, metrics and logger of an Apollo
              // request context; a subscription event has no HTTP request to take the rest from.
              {
                request: { variables },
                context: session.context,
                metrics: {},
                logger: log,
              } as unknown as Parameters<typeof executeQueryPlan>[2],
              operationContext,
              from.supergraphSchema,
              from.apiSchema,
            ),
          );
          errors.push(...(result.errors ?? []));
          return errors.length
            ? { data: result.data ?? null, errors: toClientErrors(errors, formatError) }
            : { data: result.data ?? null };
        } catch (err) {
          // Masked and logged by formatError; the subscription goes on with the next event.
          return { data: null, errors: toClientErrors([...errors, err], formatError) };
        }
      }

      return createEventStream<
        FormattedExecutionResult<Record<string, unknown>, unknown>,
        ExecutionResult
      >({
        start: (sink) => hub.subscribe(upstreamKey, openUpstream, sink),
        transform: resolveEvent,
        maxQueued,
        onDrop(dropped) {
          // 1, 10, 100...: a line per order of magnitude, not one per dropped event.
          if (/^10*$/.test(String(dropped)))
            log.warn(
              { subgraph: primary.serviceName, dropped, maxQueued },
              'subscription client too slow: dropped its oldest events',
            );
        },
      });
    },
  };
}

export type SubscriptionExecutor = ReturnType<typeof createSubscriptionExecutor>;
