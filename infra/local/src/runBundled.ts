/**
 * `tsx infra/local/src/runBundled.ts <entry.ts> [args...]`: runs a script as the services run
 * (bundled, under plain node with SERVICE_NODE_FLAGS; see bundle.ts). For benchmarks whose figures
 * include their own process's memory, so they measure what a deployed service would carry, not
 * tsx's loader.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { bundleService } from './bundle.ts';
import { SERVICE_NODE_FLAGS } from './nodeFlags.ts';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: runBundled <entry.ts> [args...]');
  process.exit(2);
}
const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, await bundleService(resolve(entry)), ...args], { stdio: 'inherit' });
// A terminal's Ctrl-C reaches the child too (same process group); it cleans up and exits, and so do we.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
