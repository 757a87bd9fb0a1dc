import type { Logger } from 'pino';

/**
 * A service is `starting` until its composition root says it is `running`; the first SIGTERM or
 * SIGINT (or a call to `shutdown`) makes it `draining` while the shutdown steps run, then
 * `stopped`. Readiness reports the state, so a load balancer stops sending work while draining.
 */
export type LifecycleState = 'starting' | 'running' | 'draining' | 'stopped';

export interface ShutdownStep {
  /** Shown in logs and in the report, e.g. `http`, `kafka consumers`, `mongo`. */
  name: string;
  /** Releases the resource. A throw or rejection is logged and the next step still runs. */
  run: () => Promise<void> | void;
  /** How long to wait before giving up on this step. Default: the lifecycle's `stepTimeoutMs`. */
  timeoutMs?: number;
}

export type StepStatus = 'ok' | 'failed' | 'timed_out';

export interface StepOutcome {
  name: string;
  status: StepStatus;
  durationMs: number;
  error?: unknown;
}

export interface ShutdownReport {
  reason: string;
  /** In the order the steps ran (reverse of registration). */
  steps: readonly StepOutcome[];
  /** True when every step finished in time without error. */
  ok: boolean;
}

export interface ShutdownOptions {
  /** Logged, e.g. `SIGTERM`. Default: `shutdown requested`. */
  reason?: string;
  /**
   * Exit the process when the steps are done: code 0 if all succeeded, else 1. Default: false, so
   * tests and embedding code can shut down without ending the process; signal handlers pass true.
   */
  exit?: boolean;
}

/** The part of `process` that signal handling needs; tests pass an EventEmitter. */
export interface SignalTarget {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  off(signal: NodeJS.Signals, listener: () => void): unknown;
}

export interface InstallSignalHandlersOptions {
  /** Signals that start a graceful shutdown. Default: `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[];
  /** Where to listen. Default: `process`. */
  target?: SignalTarget;
  /**
   * Also shut down when the process that started this one is gone (the parent pid changes): a
   * test run or benchmark killed before it could stop its services would otherwise leave them
   * running, still in their consumer groups. Default: on when EXPENSIO_EXIT_WITH_PARENT=1, which
   * the test system and `npm start` set for the services they start.
   */
  exitWithParent?: boolean;
  /** Reads the parent pid (default `process.ppid`) every `intervalMs` (default 1000). */
  parent?: { pid: () => number; intervalMs?: number };
}

export interface LifecycleOptions {
  log: Logger;
  /** Ends the process. Default: `process.exit`. Injected by tests. */
  exit?: (code: number) => void;
  /** Timeout of a step registered without its own. Default: 10000 ms. */
  stepTimeoutMs?: number;
}

export interface Lifecycle {
  readonly state: LifecycleState;
  /** `starting` -> `running`. Returns false (and changes nothing) when shutdown already began. */
  markRunning(): boolean;
  /** Called on every transition; returns an unsubscribe function. */
  onStateChange(listener: (state: LifecycleState) => void): () => void;
  /**
   * Registers a step run at shutdown. Steps run one at a time in reverse registration order:
   * register stores first and the HTTP server last, so HTTP stops first and stores close last.
   */
  addShutdownStep(step: ShutdownStep): void;
  /** Runs the steps once; later calls return the same report. */
  shutdown(options?: ShutdownOptions): Promise<ShutdownReport>;
  /**
   * First signal: graceful shutdown then exit. A second signal while draining forces exit(1)
   * at once, for an operator who does not want to wait. Returns a function that uninstalls.
   */
  installSignalHandlers(options?: InstallSignalHandlersOptions): () => void;
}

const DEFAULT_STEP_TIMEOUT_MS = 10_000;

class StepTimeout extends Error {}

async function runWithTimeout(run: () => Promise<void> | void, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    // `Promise.resolve().then` turns a synchronous throw into a rejection like any other.
    await Promise.race([Promise.resolve().then(run), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const log = options.log.child({ component: 'lifecycle' });
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const stepTimeoutMs = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const steps: ShutdownStep[] = [];
  const listeners = new Set<(state: LifecycleState) => void>();
  let state: LifecycleState = 'starting';
  let shuttingDown: Promise<ShutdownReport> | undefined;

  function transition(next: LifecycleState): void {
    log.info({ from: state, to: next }, `lifecycle ${next}`);
    state = next;
    for (const listener of listeners) listener(next);
  }

  async function runSteps(reason: string): Promise<ShutdownReport> {
    transition('draining');
    const outcomes: StepOutcome[] = [];
    for (const step of [...steps].reverse()) {
      const timeoutMs = step.timeoutMs ?? stepTimeoutMs;
      const started = performance.now();
      log.info({ step: step.name, timeoutMs }, 'shutdown step started');
      try {
        await runWithTimeout(step.run, timeoutMs);
        const durationMs = Math.round(performance.now() - started);
        log.info({ step: step.name, durationMs }, 'shutdown step done');
        outcomes.push({ name: step.name, status: 'ok', durationMs });
      } catch (error) {
        const durationMs = Math.round(performance.now() - started);
        if (error instanceof StepTimeout) {
          log.warn(
            { step: step.name, durationMs, timeoutMs },
            'shutdown step timed out; moving on',
          );
          outcomes.push({ name: step.name, status: 'timed_out', durationMs, error });
        } else {
          log.error({ step: step.name, durationMs, err: error }, 'shutdown step failed; moving on');
          outcomes.push({ name: step.name, status: 'failed', durationMs, error });
        }
      }
    }
    transition('stopped');
    return { reason, steps: outcomes, ok: outcomes.every((outcome) => outcome.status === 'ok') };
  }

  const lifecycle: Lifecycle = {
    get state() {
      return state;
    },

    markRunning() {
      if (state !== 'starting') {
        log.warn({ state }, 'markRunning ignored: not starting');
        return false;
      }
      transition('running');
      return true;
    },

    onStateChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    addShutdownStep(step) {
      // A step added during shutdown would never run and its resource would leak silently.
      if (shuttingDown !== undefined)
        throw new Error(`cannot add shutdown step "${step.name}": already ${state}`);
      steps.push(step);
    },

    shutdown(shutdownOptions = {}) {
      const reason = shutdownOptions.reason ?? 'shutdown requested';
      if (shuttingDown === undefined) {
        log.info({ reason, steps: steps.length }, 'shutting down');
        shuttingDown = runSteps(reason);
      }
      if (shutdownOptions.exit === true) {
        return shuttingDown.then((report) => {
          exit(report.ok ? 0 : 1);
          return report;
        });
      }
      return shuttingDown;
    },

    installSignalHandlers(installOptions = {}) {
      const target = installOptions.target ?? process;
      const signals = installOptions.signals ?? ['SIGTERM', 'SIGINT'];
      const handlers = signals.map((signal) => {
        const handler = () => {
          if (shuttingDown !== undefined) {
            log.warn({ signal, state }, 'second signal: forcing exit');
            exit(1);
            return;
          }
          void lifecycle.shutdown({ reason: signal, exit: true });
        };
        target.on(signal, handler);
        return { signal, handler };
      });
      const watchParent = installOptions.exitWithParent ?? process.env.EXPENSIO_EXIT_WITH_PARENT === '1';
      const parentPid = installOptions.parent?.pid ?? (() => process.ppid);
      const startedBy = parentPid();
      const watch = watchParent
        ? setInterval(() => {
            if (parentPid() === startedBy || shuttingDown !== undefined) return;
            clearInterval(watch);
            void lifecycle.shutdown({ reason: `parent ${startedBy} exited`, exit: true });
          }, installOptions.parent?.intervalMs ?? 1_000)
        : undefined;
      watch?.unref();
      return () => {
        for (const { signal, handler } of handlers) target.off(signal, handler);
        clearInterval(watch);
      };
    },
  };
  return lifecycle;
}
