// The whole system as `npm start` runs it (each service its own process, bundled from its main.ts), but on
// free ports, a Kafka namespace, and databases of its own, for end-to-end tests through the gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import pg from 'pg';
import { bundleService, repoRoot, SERVICE_NODE_FLAGS, stateDir, type StackEnv } from '@expensio/infra-local';
import { createKafkaClient } from '@expensio/events';
import { deleteTopicsUnder } from './kafka.ts';
import { getStackEnv, uniqueName } from './stackEnv.ts';

export type ServiceName = 'user' | 'expense' | 'income' | 'financial-data' | 'dashboard' | 'chat' | 'gateway';

/** Listens on `port` for a moment: resolves whether it was free. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * A free port below Linux's ephemeral range (32768-60999). A port the kernel hands out for
 * `listen(0)` comes from that range, the one every outgoing connection (Kafka, Mongo, fetch) takes
 * its local port from too, so between our check and the service's own listen one of them could
 * take it (EADDRINUSE, seen once). Below the range only another listener can.
 */
async function freePort(taken: ReadonlySet<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(port) && (await canListen(port))) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

const entry = (name: ServiceName) => join(repoRoot, name === 'gateway' ? 'gateway' : `subgraphs/${name}`, 'src/main.ts');

/** The services of this checkout among those asked for (a service that does not exist yet is skipped). */
export function available(names: readonly ServiceName[]): ServiceName[] {
  return names.filter((n) => existsSync(entry(n)));
}

async function waitReady(name: string, port: number, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before it was ready (see .expensio/logs/e2e)`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} not ready after ${timeoutMs / 1000}s`);
}

export interface RunningSystem {
  /** The gateway's /graphql URL. */
  url: string;
  ports: Partial<Record<ServiceName, number>>;
  /** Each service's process id (e.g. to read its /proc/<pid>/status). */
  pids: Partial<Record<ServiceName, number>>;
  topicPrefix: string;
  /** The sign-in code last mailed to `email` (from the development mailbox). */
  latestCode(email: string): Promise<string>;
  stop(): Promise<void>;
}

/** A fresh PostgreSQL database on the stack's server (as createTestDatabase, without vitest's inject). */
async function createDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = uniqueName(prefix).replaceAll('-', '_');
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists "${name}" with (force)`) };
}

export interface StartSystemOptions {
  /**
   * The stack's settings. Default: under vitest, the stack the global setup brought up
   * (getStackEnv); outside vitest (benchmarks, scripts) pass `await createStack().up()`.
   */
  stack?: StackEnv;
  /** Environment added to every service's (e.g. GATEWAY_REQUESTS_PER_MINUTE, LOG_LEVEL). */
  env?: Record<string, string>;
  /** Where the services' logs go. Default .expensio/logs/e2e. */
  logDir?: string;
}

export async function startSystem(services: readonly ServiceName[], options: StartSystemOptions = {}): Promise<RunningSystem> {
  const stack = options.stack ?? getStackEnv();
  const names = available(services);
  const topicPrefix = `${uniqueName('e2e')}.`;
  const mailbox = await mkdtemp(join(tmpdir(), 'expensio-mailbox-'));
  const logDir = options.logDir ?? join(stateDir, 'logs', 'e2e');
  await mkdir(logDir, { recursive: true });
  const ports: Partial<Record<ServiceName, number>> = {};
  for (const n of names) ports[n] = await freePort(new Set(Object.values(ports)));
  const userDb = names.includes('user') ? await createDatabase(stack.DATABASE_URL, 'e2e_user') : undefined;
  const subgraphUrls = Object.fromEntries(
    names.filter((n) => n !== 'gateway').map((n) => [`SUBGRAPH_${n.toUpperCase().replaceAll('-', '_')}_URL`, `http://127.0.0.1:${ports[n]}/graphql`]),
  );
  const dbSuffix = uniqueName('').replaceAll('-', '_');
  const mongoDbOf = (name: ServiceName) => `e2e_${name.replaceAll('-', '_')}${dbSuffix}`;
  const mongoDbs = names.filter((n) => n !== 'user' && n !== 'gateway').map(mongoDbOf);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    // A run killed before stop() leaves no services behind: each stops when its parent is gone.
    EXPENSIO_EXIT_WITH_PARENT: '1',
    LOG_LEVEL: 'info',
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    MONGODB_URI: stack.MONGODB_URI,
    MAILBOX_DIR: mailbox,
    JWKS_URL: `http://127.0.0.1:${ports.user}/.well-known/jwks.json`,
    DELETION_PARTICIPANTS: names.filter((n) => ['expense', 'income', 'financial-data', 'dashboard', 'chat'].includes(n)).join(','),
    ...subgraphUrls,
    ...options.env,
  };
  const children: ChildProcess[] = [];
  // Subgraphs first (the user subgraph first of all: the others verify tokens with its keys).
  const order = [...names].sort((a, b) => Number(a === 'gateway') - Number(b === 'gateway') || Number(b === 'user') - Number(a === 'user'));
  try {
    const bundles = await Promise.all(order.map((name) => bundleService(entry(name))));
    for (const [i, name] of order.entries()) {
      const log = createWriteStream(join(logDir, `${topicPrefix}${name}.log`));
      // EXPENSIO_CPU_PROF_DIR=dir: each service writes a V8 CPU profile there when it stops (for
      // finding where a benchmark's time goes; node refuses --cpu-prof in NODE_OPTIONS).
      const profile = process.env.EXPENSIO_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.EXPENSIO_CPU_PROF_DIR}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
      const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...profile, bundles[i]!], {
        cwd: repoRoot,
        env: {
          ...env,
          PORT: String(ports[name]),
          SERVICE_NAME: name,
          ...(name === 'user' ? { DATABASE_URL: userDb!.url } : {}),
          ...(name !== 'user' && name !== 'gateway' ? { MONGODB_DB: mongoDbOf(name) } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      children.push(child);
      if (name === 'user' || name === 'gateway') await waitReady(name, ports[name]!, child);
    }
    await Promise.all(order.map((name, i) => waitReady(name, ports[name]!, children[i]!)));
  } catch (err) {
    children.forEach((c) => c.kill('SIGKILL'));
    throw err;
  }

  return {
    url: `http://127.0.0.1:${ports.gateway}/graphql`,
    ports,
    pids: Object.fromEntries(order.map((name, i) => [name, children[i]!.pid])) as Partial<Record<ServiceName, number>>,
    topicPrefix,
    async latestCode(email) {
      const folder = join(mailbox, email.toLowerCase().replace(/[^a-z0-9@._+-]/g, '_'));
      for (let i = 0; i < 50; i++) {
        const files = (await readdir(folder).catch(() => [] as string[])).sort();
        const last = files[files.length - 1];
        if (last) {
          const code = /\b(\d{6})\b/.exec(await readFile(join(folder, last), 'utf8'))?.[1];
          if (code) return code;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no sign-in code mailed to ${email}`);
    },
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
              setTimeout(() => c.kill('SIGKILL'), 15_000).unref();
            }),
        ),
      );
      await userDb?.drop();
      // And the run's topics: a long-lived local broker otherwise keeps every run's (thousands of
      // partitions after a few days of tests and benchmarks, which slowed every fetch).
      const kafka = createKafkaClient({ brokers: stack.KAFKA_BROKERS.split(','), clientId: 'expensio-system' });
      await deleteTopicsUnder(kafka, topicPrefix).catch(() => {});
      // The services' databases go too: a long-lived local FerretDB otherwise keeps every run's.
      const mongo = new MongoClient(stack.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });
      try {
        await mongo.connect();
        await Promise.all(mongoDbs.map((db) => mongo.db(db).dropDatabase().catch(() => {})));
      } catch {
        // The store is gone already (the stack was stopped first); nothing left to drop.
      } finally {
        await mongo.close().catch(() => {});
      }
    },
  };
}
