import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { AuthenticatedUser, Logger } from '@expensio/kit';

/** What the gateway knows of a request (HTTP) or a subscription's connection (WebSocket). */
export interface GatewayContext {
  user: AuthenticatedUser | undefined;
  /** Forwarded to the subgraphs as is: every subgraph verifies the token again. */
  authorization: string | undefined;
}

/**
 * How the gateway calls one subgraph over HTTP: with the user's Authorization header, logging a
 * failure with the subgraph's name (the error itself keeps its code and gains `serviceName`).
 * Used for queries and mutations and for the entity fetches of subscription events.
 */
export function createSubgraphDataSource({
  name,
  url,
  log,
  fetcher,
}: {
  name: string;
  url: string | undefined;
  log: Logger;
  /** The HTTP client (createSubgraphFetcher); Apollo's default when absent. */
  fetcher?: RemoteGraphQLDataSource['fetcher'];
}) {
  return new (class extends RemoteGraphQLDataSource<GatewayContext> {
    override willSendRequest({
      request,
      context,
    }: GraphQLDataSourceProcessOptions<GatewayContext>) {
      if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    }
    override didEncounterError(error: Error) {
      log.warn({ subgraph: name, err: error.message }, 'subgraph request failed');
      throw error;
    }
  })({ url, ...(fetcher ? { fetcher } : {}) });
}
