/** Where a push source (a graphql-ws client subscription) delivers. */
export interface EventSink<TRaw> {
  next(event: TRaw): void;
  /** Ends the stream with this error, after the events already queued. */
  error(error: unknown): void;
  complete(): void;
}

export interface EventStreamOptions<TRaw extends object, TOut> {
  /** Starts the source and returns how to stop it; called once, at creation. */
  start(sink: EventSink<TRaw>): () => void;
  /** Turns one raw event into what the consumer receives (e.g. resolves the rest of a query plan). */
  transform(event: TRaw): Promise<TOut>;
  /**
   * Events waiting for the consumer; past this the oldest is dropped, so a burst from the source
   * cannot grow memory without bound. Default 16.
   */
  maxQueued?: number;
  /** Told each time an event is dropped, with the running total. Default: nothing. */
  onDrop?(droppedSoFar: number): void;
}

export type EventStream<T> = AsyncGenerator<T, undefined, undefined>;

const done = { value: undefined, done: true } as const;

/**
 * Turns a push source into a pull iterator with a bounded queue. Not an `async function*`: a
 * generator's `return()` waits until the generator resumes, i.e. until the next event, and the
 * source would stay open after the consumer left. Here `return()` stops the source at once and
 * ends a pending `next()`.
 *
 * Events are transformed one at a time, when the consumer asks: a slow consumer slows the
 * transforms instead of piling up their results.
 */
export function createEventStream<TRaw extends object, TOut>(
  options: EventStreamOptions<TRaw, TOut>,
): EventStream<TOut> {
  const maxQueued = Math.max(1, options.maxQueued ?? 16);
  const queue: TRaw[] = [];
  let waiting: { resolve(event: TRaw | undefined): void; reject(error: unknown): void } | undefined;
  let ended: { error: unknown } | 'complete' | undefined;
  let closed = false;
  let dropped = 0;

  function finish(how: { error: unknown } | 'complete') {
    if (ended || closed) return;
    ended = how;
    if (!waiting) return;
    const w = waiting;
    waiting = undefined;
    if (how === 'complete') w.resolve(undefined);
    else w.reject(how.error);
  }

  const stop = options.start({
    next(event) {
      if (ended || closed) return;
      if (waiting) {
        const w = waiting;
        waiting = undefined;
        w.resolve(event);
        return;
      }
      queue.push(event);
      if (queue.length > maxQueued) {
        queue.shift();
        dropped++;
        options.onDrop?.(dropped);
      }
    },
    error: (error) => finish({ error }),
    complete: () => finish('complete'),
  });

  /** The next raw event; undefined at the end. Only one caller waits at a time (see `next`). */
  function take(): Promise<TRaw | undefined> {
    if (queue.length > 0) return Promise.resolve(queue.shift());
    if (closed || ended === 'complete') return Promise.resolve(undefined);
    if (ended) {
      const { error } = ended;
      ended = 'complete'; // the error is thrown once
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => (waiting = { resolve, reject }));
  }

  // Calls of next() are chained so that a second caller cannot steal the first one's wait.
  let chain: Promise<unknown> = Promise.resolve();

  const stream: EventStream<TOut> = {
    next() {
      const result = chain.then(async (): Promise<IteratorResult<TOut, undefined>> => {
        const event = await take();
        if (event === undefined || closed) return done;
        const value = await options.transform(event);
        return closed ? done : { value, done: false };
      });
      chain = result.catch(() => undefined);
      return result;
    },
    async return() {
      if (!closed) {
        closed = true;
        queue.length = 0;
        if (!ended) stop();
        const w = waiting;
        waiting = undefined;
        w?.resolve(undefined);
      }
      return done;
    },
    async throw(error: unknown) {
      await stream.return(undefined);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
