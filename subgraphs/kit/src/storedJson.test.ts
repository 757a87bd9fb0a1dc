import { describe, expect, it } from 'vitest';
import { fromStoredJson, toStoredJson } from './storedJson.ts';

describe('stored JSON', () => {
  const value = { months: { '2026-11': { amounts: { EUR: 1_250 }, count: 2 } }, latest: [{ id: 'e1', title: 'Tea "à emporter"' }] };

  it('stores a value as text and reads it back', () => {
    expect(typeof toStoredJson(value)).toBe('string');
    expect(fromStoredJson<typeof value>(toStoredJson(value))).toEqual(value);
  });

  it('reads the object an older build stored', () => {
    expect(fromStoredJson(value)).toBe(value);
  });
});
