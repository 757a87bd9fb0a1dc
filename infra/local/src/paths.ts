import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The clone's root: the nearest folder up from here whose package.json declares workspaces. */
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in JSON.parse(readFileSync(pkg, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no workspace root above ${start}`);
    dir = parent;
  }
}

export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
export const infraDir = resolve(repoRoot, 'infra/local');

/** Server state (data, logs, pids) lives in the clone, git-ignored, so a fresh clone starts clean. */
export const stateDir = process.env.EXPENSIO_STATE_DIR ?? join(repoRoot, '.expensio');
export const logDir = join(stateDir, 'logs');
export const runDir = join(stateDir, 'run');

/**
 * Downloads and builds live outside the clone so every clone on this machine (CI's included)
 * reuses them. Override with EXPENSIO_CACHE_DIR.
 */
export const cacheDir =
  process.env.EXPENSIO_CACHE_DIR ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'expensio');
