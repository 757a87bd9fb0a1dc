import { describe, expect, it } from 'vitest';
import { createBatchLoader } from './batchLoader.ts';

describe('createBatchLoader', () => {
  it('fetches the keys asked for in one tick with one call, and answers each with its value or null', async () => {
    const calls: string[][] = [];
    const load = createBatchLoader(async (keys: readonly string[]) => {
      calls.push([...keys]);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    });
    const answers = await Promise.all(['a', 'b', 'a', 'missing'].map((k) => load(k)));
    expect(answers).toEqual(['A', 'B', 'A', null]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
    // A later tick is a new batch.
    expect(await load('c')).toBe('C');
    expect(calls).toHaveLength(2);
  });

  it('rejects every waiter of a batch whose fetch failed, and the next batch works again', async () => {
    let fail = true;
    const load = createBatchLoader(async (keys: readonly number[]) => {
      if (fail) throw new Error('store down');
      return new Map(keys.map((k) => [k, k * 2]));
    });
    await expect(Promise.all([load(1), load(2)])).rejects.toThrow('store down');
    fail = false;
    expect(await load(3)).toBe(6);
  });
});
