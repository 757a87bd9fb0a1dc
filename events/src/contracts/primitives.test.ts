import { describe, expect, it } from 'vitest';
import {
  amountsByCurrencySchema,
  isoDateTimeSchema,
  isTimeZone,
  moneySchema,
  monthSchema,
  nonNegativeMoneySchema,
  timeZoneSchema,
} from './primitives.ts';

describe('moneySchema', () => {
  it('given integer minor units and an ISO code, then accepts', () => {
    expect(moneySchema.parse({ minor: -1250, currency: 'USD' })).toEqual({
      minor: -1250,
      currency: 'USD',
    });
  });

  it('given a float, an unsafe integer or a lowercase code, then refuses', () => {
    expect(moneySchema.safeParse({ minor: 12.5, currency: 'USD' }).success).toBe(false);
    expect(moneySchema.safeParse({ minor: 2 ** 53, currency: 'USD' }).success).toBe(false);
    expect(moneySchema.safeParse({ minor: 1, currency: 'usd' }).success).toBe(false);
  });

  it('given a negative amount, when non-negative money is required, then refuses', () => {
    expect(nonNegativeMoneySchema.safeParse({ minor: -1, currency: 'USD' }).success).toBe(false);
  });
});

describe('amountsByCurrencySchema', () => {
  it('given amounts keyed by currency, then accepts them and refuses a bad key', () => {
    expect(amountsByCurrencySchema.parse({ USD: 1, JPY: 2 })).toEqual({ USD: 1, JPY: 2 });
    expect(amountsByCurrencySchema.safeParse({ dollars: 1 }).success).toBe(false);
  });
});

describe('monthSchema', () => {
  it('given YYYY-MM, then accepts; given other shapes, then refuses', () => {
    expect(monthSchema.safeParse('2025-03').success).toBe(true);
    for (const bad of ['2025-13', '2025-3', '2025-03-01', '03-2025']) {
      expect(monthSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('isoDateTimeSchema', () => {
  it('given a date-time with Z or an offset, then accepts; without a zone, then refuses', () => {
    expect(isoDateTimeSchema.safeParse('2025-03-14T09:26:53.589Z').success).toBe(true);
    expect(isoDateTimeSchema.safeParse('2025-03-14T09:26:53+05:30').success).toBe(true);
    expect(isoDateTimeSchema.safeParse('2025-03-14T09:26:53').success).toBe(false);
    expect(isoDateTimeSchema.safeParse('yesterday').success).toBe(false);
  });
});

describe('timeZoneSchema', () => {
  it('given IANA zones including UTC, then accepts', () => {
    for (const zone of ['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata']) {
      expect(timeZoneSchema.safeParse(zone).success, zone).toBe(true);
    }
  });

  it('given offsets, abbreviations and unknown names, then refuses', () => {
    for (const zone of ['+05:30', 'EST', 'Mars/Olympus_Mons', '', 'Europe/']) {
      expect(isTimeZone(zone), zone).toBe(false);
    }
  });
});
