// `npm run build -w @expensio/gateway`: composes the supergraph and fails with the composition
// errors if the subgraphs' schemas do not fit together; writes gateway/dist/supergraph.graphql.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, CompositionError } from './compose.ts';
import { localSubgraphs } from './subgraphs.ts';

try {
  const subgraphs = localSubgraphs();
  const sdl = composeSupergraph(subgraphs);
  const out = fileURLToPath(new URL('../dist/', import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}supergraph.graphql`, sdl);
  console.log(`composed ${subgraphs.map((s) => s.name).join(', ')} -> gateway/dist/supergraph.graphql`);
} catch (err) {
  console.error(err instanceof CompositionError ? err.message : err);
  process.exit(1);
}
