import { readFileSync } from 'node:fs';
import { createLiveSubgraphServer, type Lifecycle, type Logger, type TokenVerifier } from '@expensio/kit';
import type { ChatDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The chat subgraph: HTTP, and `Subscription.chatMessageAdded` over graphql-ws on the same port and path. */
export function buildChatServer(
  deps: ChatDeps,
  options: { log: Logger; verifier: TokenVerifier; lifecycle?: Lifecycle; nodeEnv?: string },
) {
  return createLiveSubgraphServer({ typeDefs, resolvers: resolvers as never, deps, ...options });
}
