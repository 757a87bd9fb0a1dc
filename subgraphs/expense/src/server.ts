import { readFileSync } from 'node:fs';
import { createUserScopedServer, type ScopedServerOptions } from '@expensio/kit';
import type { ExpenseDeps } from './context.ts';
import { resolvers } from './resolvers/index.ts';

export const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');

/** The expense subgraph's HTTP server, built but not listening (tests call listen(0)). */
export const buildExpenseServer = (deps: ExpenseDeps, options: ScopedServerOptions) =>
  createUserScopedServer({ typeDefs, resolvers, deps }, options);
