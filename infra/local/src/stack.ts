import { existsSync, readFileSync } from 'node:fs';
import { createFerretDbServer } from './ferretdb.ts';
import { createKafkaServer } from './kafka.ts';
import { createPostgresServer } from './postgres.ts';
import { logFile, portOpen, PrerequisiteError, waitFor } from './proc.ts';
import type { LocalServer } from './server.ts';

/** How long each server may take to answer its readiness check after a start. */
const READY_TIMEOUT_MS: Record<LocalServer['name'], number> = {
  postgres: 60_000,
  ferretdb: 60_000,
  kafka: 120_000,
};

export interface StackEnv {
  KAFKA_BROKERS: string;
  MONGODB_URI: string;
  DATABASE_URL: string;
}

type Say = (line: string) => void;

export function createStack(env = process.env) {
  const servers: LocalServer[] = [
    createPostgresServer(env),
    createFerretDbServer(env),
    createKafkaServer(env),
  ];
  const byName = (name: LocalServer['name']) => servers.find((s) => s.name === name)!;

  /** The connection settings services and tests use for this stack. */
  function stackEnv(): StackEnv {
    const pgAddr = byName('postgres').address;
    return {
      KAFKA_BROKERS: byName('kafka').address,
      MONGODB_URI: byName('ferretdb').address,
      DATABASE_URL: byName('postgres').external ? pgAddr : `${pgAddr}/expensio_user`,
    };
  }

  /**
   * Idempotent: provisions what is missing (cached), starts what is not running, and waits until
   * every server answers its readiness check. External servers are only checked.
   */
  async function up(say: Say = () => {}): Promise<StackEnv> {
    const started = Date.now();
    for (const server of servers) {
      if (server.external) continue;
      await server.provision();
    }
    for (const server of servers) {
      if (server.external) continue;
      if (server.pid() && (await server.ready().catch(() => false))) {
        say(`${server.name}: already running (pid ${server.pid()})`);
        continue;
      }
      if (!server.pid()) {
        // Something else holds the port: starting would fail, and readiness would test the stranger.
        for (const port of server.ports) {
          if (await portOpen('127.0.0.1', port)) {
            throw new PrerequisiteError(
              `port ${port} (${server.name}) is in use by another process; stop it, or move ours (see README "Using your own servers")`,
            );
          }
        }
      }
      say(`${server.name}: starting`);
      await server.start();
    }
    await Promise.all(
      servers.map(async (server) => {
        await waitFor(`${server.name} at ${server.address}`, () => server.ready(), {
          timeoutMs: READY_TIMEOUT_MS[server.name],
          logName: server.external ? undefined : server.name,
        });
        say(`${server.name}: ready at ${server.address}${server.external ? ' (external)' : ''}`);
      }),
    );
    say(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return stackEnv();
  }

  /** Stops the servers this stack started; data stays under .expensio/. */
  async function down(say: Say = () => {}): Promise<void> {
    // Kafka first: it holds no store of ours but its clients may; PostgreSQL last.
    for (const server of [...servers].reverse()) {
      if (server.external) continue;
      if (!server.pid()) {
        say(`${server.name}: not running`);
        continue;
      }
      await server.stop();
      say(`${server.name}: stopped`);
    }
  }

  async function status(): Promise<
    { name: string; state: 'ready' | 'not ready' | 'stopped'; pid?: number; address: string; external: boolean }[]
  > {
    return Promise.all(
      servers.map(async (s) => {
        const pid = s.external ? undefined : s.pid();
        const ready = (s.external || pid) && (await s.ready().catch(() => false));
        const state = ready ? 'ready' : s.external || pid ? 'not ready' : 'stopped';
        return { name: s.name, state, pid, address: s.address, external: s.external };
      }),
    );
  }

  /** The last `lines` lines of each server's log (or of one server's). */
  function logs(name?: string, lines = 40): string {
    return servers
      .filter((s) => !name || s.name === name)
      .map((s) => {
        const file = logFile(s.name);
        const text = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log yet)';
        return `==> ${file} <==\n${text}`;
      })
      .join('\n\n');
  }

  return { servers, up, down, status, logs, stackEnv };
}
