import { describe, expect, it } from 'vitest';
import { bySize, messageBytes, type TopicMessage } from './createEventProducer.ts';

const msg = (topic: string, valueBytes: number, key = 'k'): TopicMessage => ({
  topic,
  message: { key, value: 'v'.repeat(valueBytes), headers: { ce_id: 'x' } },
});

describe('sends split by size', () => {
  it('counts key, value and headers, in UTF-8 bytes', () => {
    expect(messageBytes({ key: 'ab', value: 'é', headers: { h: 'xyz' } })).toBe(2 + 2 + 1 + 3);
    expect(messageBytes({ key: Buffer.from('abc'), value: null })).toBe(3);
  });

  it('keeps the order and cuts before the message that would pass the limit', () => {
    const messages = [msg('a', 40), msg('b', 40), msg('a', 40), msg('a', 10)];
    const chunks = bySize(messages, (m) => messageBytes(m.message), 100);
    expect(chunks.map((c) => c.length)).toEqual([2, 2]);
    expect(chunks.flat()).toEqual(messages);
  });

  it('sends a message larger than the limit alone, and nothing for no messages', () => {
    const size = (m: TopicMessage) => messageBytes(m.message);
    expect(bySize([msg('a', 10), msg('a', 500), msg('a', 10)], size, 100).map((c) => c.length)).toEqual([1, 1, 1]);
    expect(bySize([], size, 100)).toEqual([]);
  });
});
