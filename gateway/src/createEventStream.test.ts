import { describe, expect, it } from 'vitest';
import { createEventStream, type EventSink } from './createEventStream.ts';

interface Ev {
  n: number;
}

function source() {
  let sink: EventSink<Ev> | undefined;
  const state = { stopped: 0 };
  return {
    state,
    start(s: EventSink<Ev>) {
      sink = s;
      return () => void state.stopped++;
    },
    get sink() {
      if (!sink) throw new Error('not started');
      return sink;
    },
  };
}

describe('createEventStream', () => {
  it('delivers pushed events in order, transformed, then ends when the source completes', async () => {
    const src = source();
    const stream = createEventStream({ start: src.start, transform: async (e: Ev) => e.n * 10 });
    const pending = stream.next(); // waits for the first push
    src.sink.next({ n: 1 });
    src.sink.next({ n: 2 });
    src.sink.complete();
    expect(await pending).toEqual({ value: 10, done: false });
    expect(await stream.next()).toEqual({ value: 20, done: false });
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(src.state.stopped).toBe(0); // the source ended itself
  });

  it('return() stops the source at once and ends a pending next()', async () => {
    const src = source();
    const stream = createEventStream({ start: src.start, transform: async (e: Ev) => e.n });
    const pending = stream.next();
    await stream.return(undefined);
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(src.state.stopped).toBe(1);
    src.sink.next({ n: 1 }); // late pushes are ignored
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    await stream.return(undefined);
    expect(src.state.stopped).toBe(1);
  });

  it('drops the oldest events past the bound and says so', async () => {
    const src = source();
    const drops: number[] = [];
    const stream = createEventStream({
      start: src.start,
      transform: async (e: Ev) => e.n,
      maxQueued: 3,
      onDrop: (d) => drops.push(d),
    });
    for (let n = 1; n <= 10; n++) src.sink.next({ n });
    expect(drops).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const got: number[] = [];
    src.sink.complete();
    for await (const n of stream) got.push(n);
    expect(got).toEqual([8, 9, 10]);
  });

  it('throws the source error once, after the queued events', async () => {
    const src = source();
    const stream = createEventStream({ start: src.start, transform: async (e: Ev) => e.n });
    src.sink.next({ n: 1 });
    src.sink.error(new Error('upstream went away'));
    expect(await stream.next()).toEqual({ value: 1, done: false });
    await expect(stream.next()).rejects.toThrow('upstream went away');
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('keeps order when next() is called again before the previous one settled', async () => {
    const src = source();
    const stream = createEventStream({
      start: src.start,
      // the first transform is the slowest
      transform: (e: Ev) =>
        new Promise<number>((r) => setTimeout(() => r(e.n), e.n === 1 ? 20 : 0)),
    });
    const a = stream.next();
    const b = stream.next();
    src.sink.next({ n: 1 });
    src.sink.next({ n: 2 });
    expect(await Promise.all([a, b])).toEqual([
      { value: 1, done: false },
      { value: 2, done: false },
    ]);
  });
});
