// The side of a phase process that talks to the parent: config in, ready/progress/result out.
import type { ChildConfig, Figures, FromChild, ToChild } from './protocol.ts';

export interface ChildIo {
  readonly config: ChildConfig;
  ready(): void;
  /** Resolves when the parent says go (only the processes that write wait for it). */
  readonly go: Promise<void>;
  /** True once the parent asked to stop (a phase timeout): finish quickly with partial figures. */
  stopping(): boolean;
  /** Resolves when the parent asks to stop. */
  readonly stopped: Promise<void>;
}

/** Peak resident memory of this process so far, in KB. */
export const maxRssKb = () => process.resourceUsage().maxRSS;

function send(message: FromChild): void {
  process.send?.(message);
}

/**
 * Runs a phase process: `body` measures and returns its figures, `progress` is polled every 2 s
 * for the parent's log. The process exits once the result is sent.
 */
export function runChild(
  body: (io: ChildIo) => Promise<Figures>,
  progress: () => Figures = () => ({}),
): void {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  let stopRequested = false;
  let onGo: () => void = () => {};
  let onStop: () => void = () => {};
  const go = new Promise<void>((r) => (onGo = r));
  const stopped = new Promise<void>((r) => (onStop = r));
  process.on('message', (message: ToChild) => {
    if (message.type === 'go') onGo();
    if (message.type === 'stop') {
      stopRequested = true;
      onStop();
    }
  });
  const ticker = setInterval(
    () => send({ type: 'progress', figures: { ...progress(), maxRssKb: maxRssKb() } }),
    2_000,
  );
  const io: ChildIo = {
    config,
    ready: () => send({ type: 'ready' }),
    go,
    stopped,
    stopping: () => stopRequested,
  };
  body(io)
    .then((figures) => send({ type: 'result', figures: { ...figures, maxRssKb: maxRssKb() } }))
    .catch((err: unknown) =>
      send({
        type: 'failed',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
    )
    .finally(() => {
      clearInterval(ticker);
      // Let the IPC channel flush the last message before leaving.
      process.disconnect?.();
      setTimeout(() => process.exit(0), 200).unref();
    });
}
