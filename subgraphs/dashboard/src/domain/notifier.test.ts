import { describe, expect, it } from 'vitest';
import { createNotifier } from './notifier.ts';

/** Counts the signals one subscription receives (read in the background, as graphql-ws would). */
function counter(it: AsyncIterableIterator<true>) {
  let n = 0;
  void (async () => {
    for await (const _ of it) n += 1;
  })();
  /** Signals since the last call, once pending promises have settled. */
  return async () => {
    await new Promise((r) => setImmediate(r));
    const seen = n;
    n = 0;
    return seen;
  };
}

describe('dashboard notifier', () => {
  it('given a change written here, then subscribers are signalled at once and not again when it comes back from Kafka', async () => {
    const notifier = createNotifier();
    const signals = counter(notifier.subscribe('u1'));
    notifier.changedHere('u1', 'n1');
    expect(await signals()).toBe(1);
    notifier.changed('u1', 'n1');
    expect(await signals()).toBe(0);
  });

  it('given a change written by another replica, then it is signalled when it comes from Kafka', async () => {
    const notifier = createNotifier();
    const signals = counter(notifier.subscribe('u1'));
    notifier.changed('u1', 'n2');
    expect(await signals()).toBe(1);
  });

  it("given changes of another user, then this user's subscribers hear nothing", async () => {
    const notifier = createNotifier();
    const signals = counter(notifier.subscribe('u1'));
    notifier.changedHere('u2', 'n3');
    notifier.changed('u2', 'n4');
    expect(await signals()).toBe(0);
  });

  it('given more notices written here than it remembers, then a forgotten one is pushed twice, never lost', async () => {
    const notifier = createNotifier({ remembered: 2 });
    const signals = counter(notifier.subscribe('u1'));
    for (const id of ['a', 'b', 'c']) {
      notifier.changedHere('u1', id);
      expect(await signals()).toBe(1);
    }
    const fromKafka: number[] = [];
    for (const id of ['a', 'b', 'c']) {
      notifier.changed('u1', id);
      fromKafka.push(await signals());
    }
    expect(fromKafka).toEqual([1, 0, 0]); // 'a' was forgotten
  });
});
