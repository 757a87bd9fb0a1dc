import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { cacheDir, infraDir, stateDir } from './paths.ts';
import { clearPid, isAlive, readPid, requireTool, run, startDetached, stopPid } from './proc.ts';
import type { LocalServer } from './server.ts';

/** Pinned in ferretdb/go.mod; the binary is built once per machine into the cache. */
export const FERRETDB_VERSION = 'v1.24.2';

/**
 * Our fixes to FerretDB's SQLite path (see ferretdb/README.md): lookups by _id use the _id index,
 * an update command no longer deadlocks at 100 statements, and single-document updates are atomic.
 * The cached binary is keyed by the patch's hash, so a changed patch rebuilds it.
 */
const patchFile = join(infraDir, 'ferretdb', 'expensio.patch');
const patchHash = createHash('sha256').update(readFileSync(patchFile)).digest('hex').slice(0, 12);
const binDir = join(cacheDir, `ferretdb-${FERRETDB_VERSION}-expensio-${patchHash}`);
const binary = join(binDir, 'ferretdb');
const dataDir = join(stateDir, 'ferretdb');

/**
 * FerretDB speaks the MongoDB wire protocol. We back it with SQLite, not PostgreSQL: it then has no
 * start-order dependency on PostgreSQL, each Mongo database is its own file under
 * .expensio/ferretdb/data, and a broken PostgreSQL cannot take the Mongo side down with it.
 */
export function createFerretDbServer(env = process.env): LocalServer {
  const externalUri = env.MONGODB_URI;
  const port = Number(env.EXPENSIO_MONGO_PORT ?? 27017);
  const uri = externalUri ?? `mongodb://127.0.0.1:${port}/`;

  return {
    name: 'ferretdb',
    address: uri,
    ports: [port],
    external: Boolean(externalUri),

    async provision() {
      if (existsSync(binary)) return;
      requireTool(
        'go',
        'install Go 1.24+ (https://go.dev/doc/install or Debian: apt-get install golang) to build FerretDB',
      );
      // The module zip lacks build/version/version.txt (FerretDB generates it from git), and the
      // binary panics at start without it, so we build from a copy of the pinned module's source
      // with that one file added. ferretdb/go.mod + go.sum pin and verify the module.
      const pinDir = join(infraDir, 'ferretdb');
      const info = JSON.parse(
        run(
          'go',
          ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`],
          { cwd: pinDir },
        ),
      ) as { Dir: string };
      const srcDir = join(binDir, 'src');
      rmSync(srcDir, { recursive: true, force: true });
      cpSync(info.Dir, srcDir, { recursive: true });
      run('chmod', ['-R', 'u+w', srcDir]);
      writeFileSync(join(srcDir, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
      requireTool('git', 'install git (Debian: apt-get install git) to apply the FerretDB patch');
      // The ceiling keeps git from treating a repository above the cache as the patch's root.
      run('git', ['apply', '--whitespace=nowarn', patchFile], {
        cwd: srcDir,
        env: { ...process.env, GIT_CEILING_DIRECTORIES: binDir },
      });
      run('go', ['install', './cmd/ferretdb'], {
        cwd: srcDir,
        env: { ...process.env, GOBIN: binDir },
      });
      rmSync(srcDir, { recursive: true, force: true });
      if (!existsSync(binary)) throw new Error(`FerretDB binary missing after build in ${binDir}`);
    },

    async start() {
      if (isAlive(readPid('ferretdb'))) return;
      mkdirSync(join(dataDir, 'data'), { recursive: true });
      mkdirSync(join(dataDir, 'state'), { recursive: true });
      startDetached('ferretdb', binary, [
        '--handler=sqlite',
        `--sqlite-url=file:${join(dataDir, 'data')}/?_pragma=synchronous(normal)`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${join(dataDir, 'state')}`,
        '--telemetry=disable',
        // Its metrics/debug HTTP listener defaults to a fixed port (8088), which a second stack
        // on the machine (another clone, CI) would collide on; we do not use it.
        '--debug-addr=-',
        '--log-level=warn',
      ], {
        // Go's collector ran at ~20% of FerretDB's CPU with the default GOGC=100 (every document is
        // decoded into fresh objects); 400 cut it by about two thirds for ~50 MB more resident
        // memory, and the soft limit keeps a long-lived store from growing past 1 GiB.
        env: { ...process.env, GOGC: process.env.GOGC ?? '400', GOMEMLIMIT: process.env.GOMEMLIMIT ?? '1GiB' },
      });
    },

    async ready() {
      const client = new MongoClient(uri, {
        serverSelectionTimeoutMS: 1000,
        connectTimeoutMS: 1000,
      });
      try {
        await client.connect();
        const res = await client.db('admin').command({ ping: 1 });
        return res.ok === 1;
      } finally {
        await client.close().catch(() => {});
      }
    },

    async stop() {
      const pid = readPid('ferretdb');
      if (isAlive(pid)) await stopPid(pid);
      clearPid('ferretdb');
    },

    pid: () => {
      const pid = readPid('ferretdb');
      return isAlive(pid) ? pid : undefined;
    },
  };
}
