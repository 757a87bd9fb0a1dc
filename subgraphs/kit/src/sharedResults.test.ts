import { describe, expect, it } from 'vitest';
import { createSharedResults } from './sharedResults.ts';

describe('shared results', () => {
  it('runs the work once for callers of one key, while it runs and shortly after', async () => {
    let t = 0;
    const shared = createSharedResults({ keepMs: 1_000, now: () => t });
    let runs = 0;
    const work = async () => ({ run: ++runs });
    const [a, b] = await Promise.all([shared.get('k', work), shared.get('k', work)]);
    expect(a).toBe(b);
    t = 999;
    expect(await shared.get('k', work)).toBe(a);
    t = 1_000;
    expect(await shared.get('k', work)).toEqual({ run: 2 });
    expect(await shared.get('other', work)).toEqual({ run: 3 });
  });

  it('does not keep a failure for later callers', async () => {
    const shared = createSharedResults();
    let runs = 0;
    const failing = async () => {
      runs += 1;
      throw new Error('subgraph down');
    };
    await Promise.all([
      expect(shared.get('k', failing)).rejects.toThrow('subgraph down'),
      expect(shared.get('k', failing)).rejects.toThrow('subgraph down'),
    ]);
    expect(runs).toBe(1);
    await expect(shared.get('k', failing)).rejects.toThrow('subgraph down');
    expect(runs).toBe(2);
  });

  it('keeps results until evicted by default, at most maxKeys, the least recently used going first', async () => {
    const shared = createSharedResults({ maxKeys: 2 });
    let runs = 0;
    const work = async () => ++runs;
    await shared.get('a', work);
    await shared.get('b', work);
    expect(await shared.get('a', work)).toBe(1);
    await shared.get('c', work);
    expect(shared.size).toBe(2);
    expect([...shared.keys()]).toEqual(['a', 'c']);
    expect(await shared.get('b', work)).toBe(4);
  });
});
