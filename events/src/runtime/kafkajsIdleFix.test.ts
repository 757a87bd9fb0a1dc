import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { applyKafkajsIdleFix } from './kafkajsIdleFix.ts';

interface Queue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
}
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (options: object) => Queue;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const queues: Queue[] = [];
function queue(): Queue {
  const q = new RequestQueue({ instrumentationEmitter: null, maxInFlightRequests: 1, requestTimeout: 1_000, enforceRequestTimeout: true, clientId: 'test', broker: 'b:9092', logger: { namespace: () => silent }, isConnected: () => true });
  queues.push(q);
  return q;
}
afterEach(() => queues.splice(0).forEach((q) => q.destroy()));

describe('kafkajs request queue, idle fix', () => {
  it('applies to the kafkajs version installed', () => {
    expect(applyKafkajsIdleFix()).toBe(true);
  });

  it('given nothing pending and no throttle, then no check is scheduled (kafkajs 2.2.4 scheduled one every 1 ms)', () => {
    applyKafkajsIdleFix();
    const q = queue();
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).toBeNull();
  });

  it('given requests waiting, then a check is scheduled', () => {
    applyKafkajsIdleFix();
    const q = queue();
    q.pending.push({});
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });

  it('given a throttle in force, then a check is scheduled for its end even with nothing waiting', () => {
    applyKafkajsIdleFix();
    const q = queue();
    q.throttledUntil = Date.now() + 5_000;
    q.scheduleCheckPendingRequests();
    expect(q.throttleCheckTimeoutId).not.toBeNull();
  });
});
