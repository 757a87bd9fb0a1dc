import { describe, expect, it } from 'vitest';
import { createUserFanOut } from './userFanOut.ts';

describe('createUserFanOut', () => {
  it("delivers a user's notices to that user's subscriptions only, in order", async () => {
    const fanOut = createUserFanOut<string>({ maxQueued: 10 });
    const ada = fanOut.subscribe('ada');
    const bob = fanOut.subscribe('bob');
    fanOut.notify('ada', 'm1');
    fanOut.notify('ada', 'm2');
    expect(await ada.next()).toEqual({ value: 'm1', done: false });
    expect(await ada.next()).toEqual({ value: 'm2', done: false });
    const waiting = bob.next();
    fanOut.notify('bob', 'b1');
    expect(await waiting).toEqual({ value: 'b1', done: false });
  });

  it('keeps at most maxQueued notices for a client that does not read (1 coalesces a burst)', async () => {
    const fanOut = createUserFanOut<number>({ maxQueued: 1 });
    const sub = fanOut.subscribe('ada');
    for (let i = 1; i <= 5; i++) fanOut.notify('ada', i);
    expect(await sub.next()).toEqual({ value: 5, done: false });
    const next = sub.next();
    await sub.return!();
    expect(await next).toEqual({ value: undefined, done: true });
  });

  it('forgets a subscription once it returns', async () => {
    const fanOut = createUserFanOut<true>({ maxQueued: 1 });
    const sub = fanOut.subscribe('ada');
    expect(fanOut.size()).toBe(1);
    await sub.return!();
    expect(fanOut.size()).toBe(0);
    expect(await sub.next()).toEqual({ value: undefined, done: true });
  });
});
