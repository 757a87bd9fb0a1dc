import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The subgraphs of the supergraph, with their default ports (DESIGN.md's runtime topology). */
export const SUBGRAPHS = [
  { name: 'user', port: 4001 },
  { name: 'expense', port: 4002 },
  { name: 'income', port: 4003 },
  { name: 'financial-data', port: 4004 },
  { name: 'dashboard', port: 4005 },
  { name: 'chat', port: 4006 },
] as const;

export interface SubgraphDefinition {
  name: string;
  /** Where the gateway sends this subgraph's fetches. */
  url: string;
  typeDefs: string;
}

const envKey = (name: string) => `SUBGRAPH_${name.toUpperCase().replaceAll('-', '_')}_URL`;

/**
 * The subgraphs that exist in this checkout (a `schema.graphql` in their folder), each at the URL
 * from `SUBGRAPH_<NAME>_URL` or its default local port.
 */
export function localSubgraphs(env: NodeJS.ProcessEnv = process.env): SubgraphDefinition[] {
  return SUBGRAPHS.flatMap(({ name, port }) => {
    const file = fileURLToPath(new URL(`../../subgraphs/${name}/schema.graphql`, import.meta.url));
    if (!existsSync(file)) return [];
    return [{ name, url: env[envKey(name)] ?? `http://127.0.0.1:${port}/graphql`, typeDefs: readFileSync(file, 'utf8') }];
  });
}

export { envKey as subgraphUrlVariable };
