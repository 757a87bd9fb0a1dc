// The parent's side of a phase: forks the phase processes (bundled like the services, one OS
// process each, so their memory figures are a service's, not tsx's), waits for
// them to be ready, says go, and collects their figures, within a time bound.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundleService, SERVICE_NODE_FLAGS } from '@expensio/infra-local';
import type { ChildConfig, Figures, FromChild, ToChild } from './protocol.ts';

export type Role = 'service' | 'consumer' | 'rawProducer' | 'rawConsumer';

const files: Record<Role, string> = {
  service: fileURLToPath(new URL('./service.ts', import.meta.url)),
  consumer: fileURLToPath(new URL('./consumer.ts', import.meta.url)),
  rawProducer: fileURLToPath(new URL('./rawProducer.ts', import.meta.url)),
  rawConsumer: fileURLToPath(new URL('./rawConsumer.ts', import.meta.url)),
};

interface Child {
  readonly role: Role;
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly result: Promise<Figures>;
  /** The latest progress figures (what is left of a process that had to be stopped). */
  last: Figures;
  send(message: ToChild): void;
}

const live = new Set<ChildProcess>();

/** Ends the phase processes still running (Ctrl-C, or a process that ignored stop). */
export function killChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

function startChild(
  role: Role,
  bundle: string,
  config: ChildConfig,
  cwd: string,
  log: (line: string) => void,
): Child {
  const proc = fork(bundle, [JSON.stringify(config)], {
    cwd,
    execArgv: [...SERVICE_NODE_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(proc);
  let markReady: () => void = () => {};
  let failReady: (err: Error) => void = () => {};
  const ready = new Promise<void>(
    (resolve, reject) => ((markReady = resolve), (failReady = reject)),
  );
  const child: Child = {
    role,
    process: proc,
    ready,
    last: {},
    result: new Promise<Figures>((resolve, reject) => {
      proc.on('message', (message: FromChild) => {
        if (message.type === 'ready') markReady();
        else if (message.type === 'progress') child.last = message.figures;
        else if (message.type === 'result') resolve(message.figures);
        else if (message.type === 'failed') {
          log(`${role} failed: ${message.message}`);
          const err = new Error(`${role} failed: ${message.message.split('\n')[0]}`);
          failReady(err);
          reject(err);
        }
      });
      proc.on('exit', (code, signal) => {
        live.delete(proc);
        const err = new Error(`${role} exited (${signal ?? code}) before reporting`);
        failReady(err);
        reject(err);
      });
    }),
    send: (message) => {
      if (proc.connected) proc.send(message);
    },
  };
  child.ready.catch(() => {});
  child.result.catch(() => {});
  return child;
}

const timeout = (ms: number) =>
  new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref());

export interface PhaseOutcome {
  /** True when the phase hit its time bound; the figures are then the processes' last progress. */
  readonly aborted: boolean;
  readonly elapsedMs: number;
  readonly figures: Record<Role, Figures>;
}

export interface PhaseSpec {
  readonly name: string;
  readonly roles: readonly { role: Role; config: ChildConfig }[];
  /** The process that starts writing on go. */
  readonly starter: Role;
  readonly timeoutMs: number;
  readonly cwd: string;
  readonly log: (line: string) => void;
  /** One progress line from the processes' latest figures. */
  readonly describe: (figures: Record<Role, Figures>) => string;
}

export async function runPhase(spec: PhaseSpec): Promise<PhaseOutcome> {
  const bundles = await Promise.all(spec.roles.map(({ role }) => bundleService(files[role])));
  const children = spec.roles.map(({ role, config }, i) =>
    startChild(role, bundles[i]!, config, spec.cwd, spec.log),
  );
  const current = () =>
    Object.fromEntries(children.map((c) => [c.role, c.last])) as Record<Role, Figures>;
  try {
    const readiness = await Promise.race([
      Promise.all(children.map((c) => c.ready)),
      timeout(120_000),
    ]);
    if (readiness === 'timeout') throw new Error(`${spec.name}: processes not ready within 120 s`);
    const started = Date.now();
    children.find((c) => c.role === spec.starter)?.send({ type: 'go' });
    const ticker = setInterval(
      () =>
        spec.log(
          `[${spec.name}] ${((Date.now() - started) / 1000).toFixed(0)} s: ${spec.describe(current())}`,
        ),
      5_000,
    );
    const finished = await Promise.race([
      Promise.all(children.map((c) => c.result)),
      timeout(spec.timeoutMs),
    ]).finally(() => clearInterval(ticker));
    const elapsedMs = Date.now() - started;
    if (finished !== 'timeout') {
      return {
        aborted: false,
        elapsedMs,
        figures: Object.fromEntries(children.map((c, i) => [c.role, finished[i]!])) as Record<
          Role,
          Figures
        >,
      };
    }
    spec.log(
      `[${spec.name}] ABORTED: not done after ${spec.timeoutMs / 1000} s; stopping with partial figures`,
    );
    for (const c of children) c.send({ type: 'stop' });
    const partial = await Promise.all(
      children.map(async (c) => {
        const r = await Promise.race([c.result.catch(() => c.last), timeout(30_000)]);
        return [c.role, r === 'timeout' ? c.last : r] as const;
      }),
    );
    return {
      aborted: true,
      elapsedMs,
      figures: Object.fromEntries(partial) as Record<Role, Figures>,
    };
  } finally {
    for (const c of children)
      if (c.process.exitCode === null && c.process.signalCode === null) {
        await Promise.race([new Promise((r) => c.process.once('exit', r)), timeout(5_000)]);
        if (live.has(c.process)) c.process.kill('SIGKILL');
      }
  }
}
