// kafkajs 2.2.4 keeps every broker connection busy forever. Its request queue reschedules its
// pending-request check after every check, with a delay of `throttledUntil - now`. That delay is
// negative when the client is not throttled (throttledUntil is -1), and node runs a negative
// timeout after 1 ms, so each connection runs a 1 kHz timer loop from its first response on, with
// nothing pending. Upstream: tulios/kafkajs#1556 and #1704. The fixes proposed there (#1667,
// #1768) were never released, and kafkajs is unmaintained.
//
// Measured: an idle service spent 18-25 ms of CPU per second (~2% of a core each, seven
// services), almost all of it in these timers (a CPU profile of an idle service). The loop also
// runs under load, beside the real work.
//
// The fix is the one proposed upstream: with nothing pending and no throttle to wait out, nothing
// is scheduled. A request that cannot be sent at once is queued by `push`, which schedules the
// check again (every 10 ms while requests wait, or at the throttle's end); a response (`fulfillRequest`)
// checks the queue too. The method is replaced on kafkajs' own class, once per process, and only
// on the version it was written against.
import { createRequire } from 'node:module';

const FIXED_VERSION = '2.2.4';
/** kafkajs' CHECK_PENDING_REQUESTS_INTERVAL (not exported). */
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

interface RequestQueueInternals {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const require = createRequire(import.meta.url);
let applied: boolean | undefined;

/** Replaces RequestQueue.scheduleCheckPendingRequests; true when kafkajs is the version fixed. */
export function applyKafkajsIdleFix(): boolean {
  if (applied !== undefined) return applied;
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== FIXED_VERSION) return (applied = false);
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueueInternals };
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId) return; // a check is already due
    const untilUnthrottled = this.throttledUntil - Date.now();
    let delay: number;
    if (this.pending.length > 0) delay = untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_REQUESTS_INTERVAL_MS;
    else if (untilUnthrottled > 0) delay = untilUnthrottled;
    else return; // nothing waits and nothing to wait out: the 1 kHz loop this replaces
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  return (applied = true);
}
