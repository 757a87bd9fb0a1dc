import { readFileSync } from 'node:fs';
import { createSubgraphServer, type Lifecycle, type Logger, type TokenVerifier } from '@expensio/kit';
import type { FinancialDataContext, FinancialDataDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The financial-data subgraph's HTTP server, built but not listening (tests call listen(0)). */
export function buildFinancialDataServer(
  deps: FinancialDataDeps,
  { log, verifier, lifecycle, nodeEnv }: { log: Logger; verifier: TokenVerifier; lifecycle?: Lifecycle; nodeEnv?: string },
) {
  return createSubgraphServer<FinancialDataContext>({
    typeDefs,
    resolvers,
    log,
    ...(lifecycle ? { lifecycle } : {}),
    ...(nodeEnv ? { nodeEnv } : {}),
    context: async ({ req }) => ({ ...deps, user: await verifier.fromAuthorizationHeader(req.headers.authorization) }),
  });
}
