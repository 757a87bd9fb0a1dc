// The zod building blocks every event schema (and later the subgraphs' inputs) is made of.
import { z } from 'zod';
import { CURRENCY_CODE_PATTERN } from './currency.ts';

/** ISO 4217 alphabetic code: three uppercase letters. */
export const currencyCodeSchema = z
  .string()
  .regex(CURRENCY_CODE_PATTERN, 'must be an ISO 4217 code of three uppercase letters');

/** Money as an integer count of minor units (a safe integer, never a float) and its currency.
 * Signed, because nets and corrections can be negative; amounts that must not be use
 * nonNegativeMoneySchema. */
export const moneySchema = z.object({
  minor: z.int('must be an integer count of minor units within the safe integer range'),
  currency: currencyCodeSchema,
});
export type Money = z.output<typeof moneySchema>;

export const nonNegativeMoneySchema = moneySchema.extend({
  minor: z.int('must be an integer count of minor units within the safe integer range').min(0),
});

/** Integer minor units per currency, e.g. { "USD": 12345, "EUR": 500 }: the shape of totals that
 * mix currencies, since amounts in different currencies are never added together. */
export const amountsByCurrencySchema = z.record(
  currencyCodeSchema,
  z.int('must be an integer count of minor units within the safe integer range'),
);
export type AmountsByCurrency = z.output<typeof amountsByCurrencySchema>;

/** A calendar month "YYYY-MM"; monthly buckets follow the user's time zone. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month formatted YYYY-MM');
export type Month = z.output<typeof monthSchema>;

/** An ISO 8601 / RFC 3339 date-time with a zone designator ("Z" or an offset). */
export const isoDateTimeSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time with Z or an offset',
});
export type IsoDateTime = z.output<typeof isoDateTimeSchema>;

const IANA_ZONE_SHAPE = /^(?:UTC|[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+)$/;
const knownTimeZones = new Set<string>();

/**
 * Whether the string names an IANA time zone this runtime knows ("Europe/Paris", "UTC").
 * Intl.DateTimeFormat is the judge rather than Intl.supportedValuesOf, which leaves out "UTC" and
 * aliases such as "Asia/Calcutta" on some ICU versions. The shape check rejects offsets ("+05:30")
 * and abbreviations ("EST") that Intl also accepts but that do not follow daylight saving rules.
 */
export function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  if (!IANA_ZONE_SHAPE.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    return false;
  }
  knownTimeZones.add(value);
  return true;
}

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as "Europe/Paris"');
export type TimeZone = z.output<typeof timeZoneSchema>;

/** An entity id as the owning store makes it (Mongo ObjectId hex, PostgreSQL uuid): opaque. */
export const entityIdSchema = z.string().min(1).max(128);

/** A non-negative integer count. */
export const countSchema = z.int().min(0);

/** A category code: one of EXPENSE_CATEGORY_CODES / INCOME_CATEGORY_CODES or a user's own. */
export const categoryCodeSchema = z.string().min(1).max(64);

/** An entity's version: 1 when created, +1 on every update and on delete. Consumers guard their
 * writes with it so a stale or replayed event never undoes a newer one. */
export const entityVersionSchema = z.int().min(1);
