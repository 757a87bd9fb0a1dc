import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createLifecycle } from './lifecycle.ts';
import type { LifecycleState } from './lifecycle.ts';
import { createLogger } from './logger.ts';

function setup(options: { stepTimeoutMs?: number } = {}) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    service: 'test',
    destination: {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    },
  });
  const exit = vi.fn<(code: number) => void>();
  const lifecycle = createLifecycle({ log, exit, ...options });
  return { lifecycle, exit, lines };
}

/** Signal handlers return nothing to await, so wait for their effect instead. */
async function until(condition: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(condition()).toBe(true), { timeout: 2_000, interval: 5 });
}

describe('lifecycle', () => {
  it('moves starting -> running -> draining -> stopped and tells listeners', async () => {
    const { lifecycle } = setup();
    const seen: LifecycleState[] = [];
    lifecycle.onStateChange((state) => seen.push(state));
    expect(lifecycle.state).toBe('starting');
    expect(lifecycle.markRunning()).toBe(true);
    let stateDuringStep: LifecycleState | undefined;
    lifecycle.addShutdownStep({
      name: 'store',
      run: () => void (stateDuringStep = lifecycle.state),
    });
    await lifecycle.shutdown();
    expect(stateDuringStep).toBe('draining');
    expect(lifecycle.state).toBe('stopped');
    expect(seen).toEqual(['running', 'draining', 'stopped']);
  });

  it('runs steps in reverse registration order and reports each', async () => {
    const { lifecycle, exit } = setup();
    const order: string[] = [];
    for (const name of ['mongo', 'outbox relay', 'consumers', 'http']) {
      lifecycle.addShutdownStep({ name, run: async () => void order.push(name) });
    }
    const report = await lifecycle.shutdown({ reason: 'test' });
    expect(order).toEqual(['http', 'consumers', 'outbox relay', 'mongo']);
    expect(report.ok).toBe(true);
    expect(report.steps.map((step) => [step.name, step.status])).toEqual([
      ['http', 'ok'],
      ['consumers', 'ok'],
      ['outbox relay', 'ok'],
      ['mongo', 'ok'],
    ]);
    expect(exit).not.toHaveBeenCalled();
  });

  it('gives up on a step after its timeout and still runs the rest', async () => {
    const { lifecycle, lines } = setup({ stepTimeoutMs: 5_000 });
    const ran: string[] = [];
    lifecycle.addShutdownStep({ name: 'store', run: () => void ran.push('store') });
    lifecycle.addShutdownStep({
      name: 'stuck consumer',
      run: () => new Promise<void>(() => {}),
      timeoutMs: 30,
    });
    const started = Date.now();
    const report = await lifecycle.shutdown();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.steps.map((step) => step.status)).toEqual(['timed_out', 'ok']);
    expect(report.ok).toBe(false);
    expect(ran).toEqual(['store']);
    expect(
      lines.some(
        (line) =>
          line['step'] === 'stuck consumer' && line['msg'] === 'shutdown step timed out; moving on',
      ),
    ).toBe(true);
  });

  it('logs a failing step and continues', async () => {
    const { lifecycle, lines } = setup();
    lifecycle.addShutdownStep({ name: 'store', run: () => undefined });
    lifecycle.addShutdownStep({
      name: 'relay',
      run: () => {
        throw new Error('flush failed');
      },
    });
    const report = await lifecycle.shutdown();
    expect(report.steps.map((step) => step.status)).toEqual(['failed', 'ok']);
    expect(lines.find((line) => line['step'] === 'relay' && line['level'] === 50)).toMatchObject({
      err: { message: 'flush failed' },
    });
  });

  it('runs the steps once however often shutdown is called', async () => {
    const { lifecycle } = setup();
    const run = vi.fn();
    lifecycle.addShutdownStep({ name: 'once', run });
    const [first, second] = await Promise.all([lifecycle.shutdown(), lifecycle.shutdown()]);
    expect(first).toBe(second);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('refuses new steps and markRunning once shutdown began', async () => {
    const { lifecycle } = setup();
    await lifecycle.shutdown();
    expect(() => lifecycle.addShutdownStep({ name: 'late', run: () => undefined })).toThrow(
      /already stopped/,
    );
    expect(lifecycle.markRunning()).toBe(false);
    expect(lifecycle.state).toBe('stopped');
  });

  it('exits with 0 after a clean shutdown when asked to', async () => {
    const { lifecycle, exit } = setup();
    await lifecycle.shutdown({ exit: true });
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('exits with 1 when a step did not finish cleanly', async () => {
    const { lifecycle, exit } = setup();
    lifecycle.addShutdownStep({ name: 'bad', run: () => Promise.reject(new Error('no')) });
    await lifecycle.shutdown({ exit: true });
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('shuts down on the first signal and forces exit on the second', async () => {
    const { lifecycle, exit } = setup();
    const signals = new EventEmitter();
    lifecycle.installSignalHandlers({ target: signals });
    lifecycle.markRunning();
    let release: (() => void) | undefined;
    lifecycle.addShutdownStep({
      name: 'slow',
      run: () => new Promise<void>((resolve) => (release = resolve)),
    });

    signals.emit('SIGTERM');
    expect(lifecycle.state).toBe('draining');
    signals.emit('SIGINT');
    expect(exit).toHaveBeenCalledWith(1);

    await until(() => release !== undefined);
    release?.();
    await until(() => lifecycle.state === 'stopped');
    await until(() => exit.mock.calls.length === 2);
    expect(exit.mock.calls[1]).toEqual([0]);
  });

  it('shuts down once when the process that started it is gone, and not while it is there', async () => {
    const { lifecycle, exit } = setup();
    let ppid = 4242;
    const uninstall = lifecycle.installSignalHandlers({ target: new EventEmitter(), exitWithParent: true, parent: { pid: () => ppid, intervalMs: 5 } });
    lifecycle.markRunning();
    await new Promise((r) => setTimeout(r, 30));
    expect(lifecycle.state).toBe('running');
    ppid = 1; // reparented: the parent exited
    await until(() => lifecycle.state === 'stopped');
    await until(() => exit.mock.calls.length === 1);
    expect(exit.mock.calls[0]).toEqual([0]);
    uninstall();
  });

  it('does not watch its parent unless asked', async () => {
    const { lifecycle } = setup();
    let ppid = 4242;
    const uninstall = lifecycle.installSignalHandlers({ target: new EventEmitter(), exitWithParent: false, parent: { pid: () => ppid, intervalMs: 5 } });
    lifecycle.markRunning();
    ppid = 1;
    await new Promise((r) => setTimeout(r, 30));
    expect(lifecycle.state).toBe('running');
    uninstall();
  });

  it('uninstalls its signal handlers', () => {
    const { lifecycle } = setup();
    const signals = new EventEmitter();
    const uninstall = lifecycle.installSignalHandlers({ target: signals });
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    uninstall();
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
