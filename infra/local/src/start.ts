/**
 * `npm start`: brings the local stack up (or uses the servers named by KAFKA_BROKERS, MONGODB_URI
 * and DATABASE_URL), starts every service that exists (subgraphs/<name>/src/main.ts and
 * gateway/src/main.ts) with its port from DESIGN.md, prints the URLs, and on Ctrl-C stops the
 * services and then the servers it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleService } from './bundle.ts';
import { SERVICE_NODE_FLAGS } from './nodeFlags.ts';
import { repoRoot } from './paths.ts';
import { PrerequisiteError } from './proc.ts';
import { createStack } from './stack.ts';

/** Service ports, as in DESIGN.md's runtime topology. */
export const SERVICE_PORTS = {
  gateway: 4000,
  user: 4001,
  expense: 4002,
  income: 4003,
  'financial-data': 4004,
  dashboard: 4005,
  chat: 4006,
} as const;
type ServiceName = keyof typeof SERVICE_PORTS;

const entryOf = (name: ServiceName) =>
  join(repoRoot, name === 'gateway' ? 'gateway' : `subgraphs/${name}`, 'src/main.ts');

async function main(): Promise<void> {
  const stack = createStack();
  const before = await stack.status();
  const stackWasUp = before.every((s) => s.external || s.state === 'ready');
  const env = await stack.up((line) => console.log(`[stack] ${line}`));

  const services = (Object.keys(SERVICE_PORTS) as ServiceName[]).filter((n) => existsSync(entryOf(n)));
  const missing = (Object.keys(SERVICE_PORTS) as ServiceName[]).filter((n) => !services.includes(n));
  // Subgraphs first, the gateway last: it composes from them.
  services.sort((a, b) => Number(a === 'gateway') - Number(b === 'gateway'));

  const bundles = await Promise.all(services.map((name) => bundleService(entryOf(name))));
  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;
  for (const [i, name] of services.entries()) {
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, bundles[i]!], {
      cwd: repoRoot,
      // EXPENSIO_EXIT_WITH_PARENT: a service stops by itself if this process is killed (kit lifecycle).
      env: { ...process.env, ...env, PORT: String(SERVICE_PORTS[name]), SERVICE_NAME: name, EXPENSIO_EXIT_WITH_PARENT: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
      // Its own process group: Ctrl-C reaches only this supervisor, which then stops each service
      // once, in order (a terminal's SIGINT to the group would otherwise count as a second signal).
      detached: true,
    });
    child.on('exit', (code, signal) => {
      children.delete(name);
      if (!stopping) console.error(`[${name}] exited (${signal ?? code}); stopping everything`);
      if (!stopping) void stop(1);
    });
    children.set(name, child);
  }

  // Wait until every service answers /readyz before saying it is up.
  await Promise.all(
    services.map(async (name) => {
      for (let i = 0; i < 240; i++) {
        if (stopping) return;
        const ok = await fetch(`http://127.0.0.1:${SERVICE_PORTS[name]}/readyz`).then((r) => r.ok, () => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 250));
      }
      console.error(`[${name}] not ready after 60 s; see its log lines above`);
    }),
  );

  console.log('');
  console.log('Expensio is up.');
  for (const name of services) console.log(`  ${name.padEnd(15)} http://127.0.0.1:${SERVICE_PORTS[name]}/graphql`);
  if (services.includes('gateway')) console.log(`  Apollo Sandbox  http://127.0.0.1:${SERVICE_PORTS.gateway}/graphql`);
  if (missing.length) console.log(`  not built yet:  ${missing.join(', ')}`);
  console.log(`  Kafka ${env.KAFKA_BROKERS}   MongoDB ${env.MONGODB_URI}   PostgreSQL ${env.DATABASE_URL}`);
  console.log('Press Ctrl-C to stop.');

  async function stop(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping services...');
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 15_000).unref();
          }),
      ),
    );
    if (!stackWasUp) await stack.down((line) => console.log(`[stack] ${line}`));
    else console.log('[stack] left running (it was up before npm start); `npm run infra:down` stops it');
    process.exit(code);
  }
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Keep the supervisor alive while nothing else holds the event loop (no services yet).
  setInterval(() => {}, 1 << 30);
}

main().catch((err: unknown) => {
  console.error(err instanceof PrerequisiteError ? err.message : err instanceof Error ? err.message : err);
  process.exit(1);
});
