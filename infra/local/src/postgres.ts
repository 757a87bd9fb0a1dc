import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { logDir, stateDir } from './paths.ts';
import { logFile, PrerequisiteError, run, which } from './proc.ts';
import type { LocalServer } from './server.ts';

/** The databases the subgraphs need (one per PostgreSQL-backed service). */
export const POSTGRES_DATABASES = ['expensio_user'] as const;

const pgDir = join(stateDir, 'pg');
const dataDir = join(pgDir, 'data');
const socketDir = join(pgDir, 'sock');
const isRoot = process.getuid?.() === 0;

/** Debian puts each major version's server under /usr/lib/postgresql/<major>/bin; take the newest. */
function findServerBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(base, majors[0], 'bin') : undefined;
}

function installFromDebian(): void {
  if (!which('apt-get')) {
    throw new PrerequisiteError(
      'missing prerequisite: PostgreSQL server not found and no apt-get; install PostgreSQL 15+ or set DATABASE_URL',
    );
  }
  if (!isRoot) {
    throw new PrerequisiteError(
      'missing prerequisite: PostgreSQL server not found; run `sudo apt-get install postgresql` or set DATABASE_URL',
    );
  }
  // Debian's package would create and start a "main" cluster on 5432, the port ours uses.
  mkdirSync('/etc/postgresql-common', { recursive: true });
  writeFileSync('/etc/postgresql-common/createcluster.conf', 'create_main_cluster = false\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '-o', 'Dpkg::Options::=--force-confold', 'postgresql'], { env });
}

/** initdb and postgres refuse to run as root; as root we run them as Debian's postgres user. */
function asPostgres(bin: string, args: string[]): string {
  return isRoot ? run('runuser', ['-u', 'postgres', '--', bin, ...args]) : run(bin, args);
}

function ownByPostgres(path: string): void {
  if (!isRoot) return;
  const uid = Number(run('id', ['-u', 'postgres']).trim());
  const gid = Number(run('id', ['-g', 'postgres']).trim());
  chownSync(path, uid, gid);
}

function postmasterPid(): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export function createPostgresServer(env = process.env): LocalServer {
  const externalUrl = env.DATABASE_URL;
  const port = Number(env.EXPENSIO_PG_PORT ?? 5432);
  const adminUrl = externalUrl ?? `postgres://expensio@127.0.0.1:${port}/postgres`;

  return {
    name: 'postgres',
    address: externalUrl ?? `postgres://expensio@127.0.0.1:${port}`,
    ports: [port],
    external: Boolean(externalUrl),

    async provision() {
      if (!findServerBin()) installFromDebian();
      if (!findServerBin()) throw new Error('PostgreSQL server binaries not found after install');
    },

    async start() {
      if (postmasterPid()) return;
      const bin = findServerBin()!;
      for (const dir of [pgDir, socketDir]) {
        mkdirSync(dir, { recursive: true });
        ownByPostgres(dir);
      }
      if (!existsSync(join(dataDir, 'PG_VERSION'))) {
        // Local development only: trust on loopback, superuser "expensio".
        asPostgres(join(bin, 'initdb'), ['-D', dataDir, '-U', 'expensio', '--auth=trust',
          '-E', 'UTF8', '--no-locale']);
      }
      mkdirSync(logDir, { recursive: true });
      const log = logFile('postgres');
      if (!existsSync(log)) writeFileSync(log, '');
      ownByPostgres(log);
      asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', log, '-W', 'start', '-o',
        `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on`]);
    },

    async ready() {
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('select 1');
        if (!externalUrl) {
          for (const db of POSTGRES_DATABASES) {
            const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [db]);
            if (!rowCount) await client.query(`create database "${db}"`);
          }
        }
        return true;
      } finally {
        await client.end().catch(() => {});
      }
    },

    async stop() {
      if (!postmasterPid()) return;
      const bin = findServerBin();
      if (bin) asPostgres(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },

    pid: postmasterPid,
  };
}
