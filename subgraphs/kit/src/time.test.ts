import { describe, expect, it } from 'vitest';
import { monthOf, offsetMinutes, zonedParts, zonedTimeToUtc } from './time.ts';

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

  it('agrees with Intl at every instant, across zone changes and odd offsets (the quarter-hour cache)', () => {
    const zones = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca', 'UTC'];
    const formats = new Map(zones.map((timeZone) => [timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })]));
    const intl = (d: Date, timeZone: string) => {
      const f = formats.get(timeZone)!;
      const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, Number(x.value)]));
      return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second };
    };
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const instants: number[] = [];
    // Around Europe's and New York's 2026 changes, minute by minute, then random instants from 1900 to 2100.
    for (const change of [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 3, 5, 15, 0)]) {
      for (let m = -40; m <= 40; m++) instants.push(change + m * 60_000 + 17_000);
    }
    for (let i = 0; i < 2000; i++) instants.push(Date.UTC(1900, 0, 1) + Math.floor(rand() * 200 * 365.25 * 86_400_000));
    for (const zone of zones) {
      for (const ms of instants) expect(zonedParts(new Date(ms), zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(intl(new Date(ms), zone));
    }
  });
});
