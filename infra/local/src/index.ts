export { createStack, type StackEnv } from './stack.ts';
export type { LocalServer } from './server.ts';
export { repoRoot, stateDir, cacheDir } from './paths.ts';
export { bundleService } from './bundle.ts';
export { SERVICE_NODE_FLAGS } from './nodeFlags.ts';
