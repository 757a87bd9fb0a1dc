// Calendar arithmetic in a user's IANA time zone, with Intl only (no tz database of our own).
import { createLruCache } from './lruCache.ts';

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, straight from Intl (slow: ~8 µs a call). */
function formattedParts(instant: Date, timeZone: string) {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

/** The zone's offset at an instant in ms (east positive), to the second as Intl reports it. */
function exactOffsetMs(ms: number, timeZone: string): number {
  const p = formattedParts(new Date(ms), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

// Offsets are cached per zone and quarter hour: every zone change in the tz database falls on a
// quarter hour of UTC, and a bucket is cached only when its first and last millisecond agree, so a
// bucket holding a change (or an odd historical one) is always computed exactly. Projections call
// monthOf for every event they apply, and formatToParts was the single biggest cost in them.
const BUCKET_MS = 15 * 60_000;
const MAX_CACHED_BUCKETS = 50_000;
const offsetCache = createLruCache<string, number>(MAX_CACHED_BUCKETS);

function offsetMsAt(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / BUCKET_MS);
  const key = `${timeZone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const start = bucket * BUCKET_MS;
  const first = exactOffsetMs(start, timeZone);
  if (exactOffsetMs(start + BUCKET_MS - 1, timeZone) !== first) return exactOffsetMs(ms, timeZone);
  offsetCache.set(key, first);
  return first;
}

/** The wall-clock fields of an instant in a zone. */
export function zonedParts(instant: Date, timeZone: string) {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) return formattedParts(instant, timeZone);
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetMsAt(ms, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** "YYYY-MM": the month an instant falls in for someone living in `timeZone`. */
export function monthOf(instant: Date, timeZone: string): string {
  const { year, month } = zonedParts(instant, timeZone);
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant of a wall-clock time in a zone. Noon is the safe choice for a date without a time:
 * it exists on every day (DST gaps are at night) and stays on the same calendar date everywhere.
 */
export function zonedTimeToUtc(
  { year, month, day, hour = 12, minute = 0, second = 0 }: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // Near a DST change the offset at the result can differ from the offset at the guess.
  return new Date(guess - offsetMinutes(new Date(first), timeZone) * 60_000);
}
