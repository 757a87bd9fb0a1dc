import { describe, expect, it } from 'vitest';
import { monthOf, offsetMinutes, zonedTimeToUtc } from './time.ts';

describe('time zones', () => {
  it('puts an instant in the month of the user, not of UTC', () => {
    const instant = new Date('2026-03-01T03:00:00Z'); // still February 28 in New York
    expect(monthOf(instant, 'America/New_York')).toBe('2026-02');
    expect(monthOf(instant, 'Asia/Tokyo')).toBe('2026-03');
  });

  it('knows offsets across daylight saving', () => {
    expect(offsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Europe/Paris')).toBe(60);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Europe/Paris')).toBe(120);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('turns a local date into the instant of local noon', () => {
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 1 }, 'America/New_York').toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 12 }, 'Europe/Paris').toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(zonedTimeToUtc({ year: 2026, month: 1, day: 1, hour: 0 }, 'UTC').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});
