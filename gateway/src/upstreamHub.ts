import type { EventSink } from './createEventStream.ts';

/**
 * One upstream subscription per key, however many local subscribers: the first subscriber of a
 * key opens it, each event goes to every subscriber, the last one to leave closes it. An error or
 * the end of the upstream reaches every subscriber, and the next subscriber of the key opens a
 * new one.
 *
 * The gateway keys upstream subscriptions by token, subgraph and upstream operation: ten open
 * dashboards of one user (tabs, devices sharing a session) are one subscription on the dashboard
 * subgraph, which then reads and sends each change once instead of ten times.
 */
export interface UpstreamHub<T> {
  /** Joins the key's upstream (opening it with `open` if there is none); returns how to leave. */
  subscribe(key: string, open: (sink: EventSink<T>) => () => void, sink: EventSink<T>): () => void;
  /** Upstream subscriptions open now. */
  readonly size: number;
}

export function createUpstreamHub<T>(): UpstreamHub<T> {
  const upstreams = new Map<string, { sinks: Set<EventSink<T>>; stop: () => void; ended: boolean }>();

  return {
    subscribe(key, open, sink) {
      let upstream = upstreams.get(key);
      if (!upstream) {
        const created = { sinks: new Set<EventSink<T>>(), stop: () => {}, ended: false };
        // Ends the upstream for everyone: it is forgotten first, so a subscriber that reacts by
        // subscribing again opens a fresh one.
        const end = (notify: (s: EventSink<T>) => void) => {
          if (created.ended) return;
          created.ended = true;
          if (upstreams.get(key) === created) upstreams.delete(key);
          for (const s of [...created.sinks]) notify(s);
          created.sinks.clear();
        };
        upstreams.set(key, created);
        try {
          created.stop = open({
            next: (event) => {
              for (const s of created.sinks) s.next(event);
            },
            error: (error) => end((s) => s.error(error)),
            complete: () => end((s) => s.complete()),
          });
        } catch (err) {
          // Nothing was opened: the next subscriber of the key tries again.
          upstreams.delete(key);
          throw err;
        }
        upstream = created;
      }
      const joined = upstream;
      joined.sinks.add(sink);
      return () => {
        if (!joined.sinks.delete(sink) || joined.sinks.size > 0) return;
        if (upstreams.get(key) === joined) upstreams.delete(key);
        if (!joined.ended) {
          joined.ended = true;
          joined.stop();
        }
      };
    },
    get size() {
      return upstreams.size;
    },
  };
}
