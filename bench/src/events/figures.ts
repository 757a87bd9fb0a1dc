// Small measuring helpers shared by the phase processes.
import type { MongoClient } from 'mongodb';
import type { Kafka } from 'kafkajs';
import type { Figures } from './protocol.ts';

/** Nearest-rank percentile of unsorted samples (sorted in place). */
export function percentile(samples: Float64Array, p: number): number {
  if (samples.length === 0) return Number.NaN;
  samples.sort();
  const rank = Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1));
  return samples[rank]!;
}

/** A growable list of latency samples in milliseconds. */
export function createSamples(capacity: number) {
  let data = new Float64Array(Math.max(16, capacity));
  let length = 0;
  return {
    add(value: number) {
      if (length === data.length) {
        const bigger = new Float64Array(data.length * 2);
        bigger.set(data);
        data = bigger;
      }
      data[length++] = value;
    },
    get length() {
      return length;
    },
    figures(prefix: string): Figures {
      const view = data.subarray(0, length);
      return {
        [`${prefix}.p50`]: percentile(view, 50),
        [`${prefix}.p99`]: percentile(view, 99),
        [`${prefix}.max`]: percentile(view, 100),
      };
    },
  };
}

/** Accumulated time and count per label. */
export function createTimers() {
  const totals = new Map<string, { ms: number; n: number }>();
  const add = (label: string, ms: number) => {
    const t = totals.get(label) ?? { ms: 0, n: 0 };
    t.ms += ms;
    t.n += 1;
    totals.set(label, t);
  };
  return {
    add,
    async time<R>(label: string, work: () => Promise<R>): Promise<R> {
      const started = performance.now();
      try {
        return await work();
      } finally {
        add(label, performance.now() - started);
      }
    },
    figures(): Figures {
      const out: Figures = {};
      for (const [label, { ms, n }] of totals) {
        out[`time.${label}.ms`] = Math.round(ms);
        out[`time.${label}.n`] = n;
      }
      return out;
    },
  };
}

export type Timers = ReturnType<typeof createTimers>;

/**
 * Times every command the driver sends (round trip as the driver sees it), labelled by `label`;
 * the client must be created with `monitorCommands: true`.
 */
export function timeMongoCommands(
  client: MongoClient,
  timers: Timers,
  label: (commandName: string, command: Record<string, unknown>) => string | undefined,
): void {
  const labels = new Map<number, string>();
  client.on('commandStarted', (e) => {
    const name = label(e.commandName, e.command as Record<string, unknown>);
    if (name) labels.set(e.requestId, name);
  });
  const finished = (e: { requestId: number; duration: number }) => {
    const name = labels.get(e.requestId);
    if (name === undefined) return;
    labels.delete(e.requestId);
    timers.add(name, e.duration);
  };
  client.on('commandSucceeded', finished);
  client.on('commandFailed', finished);
}

/** Waits until a consumer group has settled with at least one member, so timing starts fair. */
export async function waitForStableGroup(
  kafka: Kafka,
  groupId: string,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [group] = (await admin.describeGroups([groupId])).groups;
      if (group?.state === 'Stable' && group.members.length > 0) return;
      if (Date.now() > until)
        throw new Error(
          `consumer group ${groupId} did not settle in ${timeoutMs} ms (state ${group?.state})`,
        );
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
