import { readFileSync } from 'node:fs';
import { createUserScopedServer, type ScopedServerOptions } from '@expensio/kit';
import type { FinancialDataDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The financial-data subgraph's HTTP server, built but not listening (tests call listen(0)). */
export function buildFinancialDataServer(deps: FinancialDataDeps, options: ScopedServerOptions) {
  return createUserScopedServer({ typeDefs, resolvers, deps }, options);
}
