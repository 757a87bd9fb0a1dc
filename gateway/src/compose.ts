import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SubgraphDefinition } from './subgraphs.ts';

export class CompositionError extends Error {}

/**
 * The static supergraph: composed from the subgraphs' schema.graphql files (Apollo advises against
 * introspecting running subgraphs in production, and rover cannot compose offline).
 */
export function composeSupergraph(subgraphs: readonly SubgraphDefinition[]): string {
  const result = composeServices(subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs: parse(typeDefs) })));
  if (result.errors?.length || !result.supergraphSdl) {
    const lines = (result.errors ?? []).map((e) => `- ${e.message}`);
    throw new CompositionError(`supergraph composition failed:\n${lines.join('\n')}`);
  }
  return result.supergraphSdl;
}
