import { describe, expect, it } from 'vitest';
import { createLruCache } from './lruCache.ts';

describe('createLruCache', () => {
  it('given a full cache, then a set drops the least recently used entry (a get counts as use)', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect([...cache.keys()]).toEqual(['a', 'c']);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
    expect(cache.delete('a')).toBe(true);
    expect([...cache.keys()]).toEqual(['c']);
  });
});
