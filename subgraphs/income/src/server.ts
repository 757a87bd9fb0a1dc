import { readFileSync } from 'node:fs';
import { createUserScopedServer, type ScopedServerOptions } from '@expensio/kit';
import type { IncomeDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The income subgraph's HTTP server, built but not listening (tests call listen(0)). */
export const buildIncomeServer = (deps: IncomeDeps, options: ScopedServerOptions) =>
  createUserScopedServer({ typeDefs, resolvers, deps }, options);
