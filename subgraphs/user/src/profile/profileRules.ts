import { z } from 'zod';
import { badInput } from '@expensio/kit';
import { isTimeZone } from '@expensio/events';

/** What a new account gets when the profile leaves them out. */
export const PROFILE_DEFAULTS = { baseCurrency: 'USD', timeZone: 'UTC' } as const;

export const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9._]{1,28})[a-z0-9]$/;

// ISO 4217 codes the runtime knows (Intl carries the current list; no table of our own to age).
const currencies = new Set(Intl.supportedValuesOf('currency'));

export function isIso4217(code: string): boolean {
  return currencies.has(code);
}

const emailSchema = z.email();

/** Lower-cased and trimmed; throws BAD_USER_INPUT on `field` when it is not an email address. */
export function normalizeEmail(email: string, field = 'email'): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > 254 || !emailSchema.safeParse(normalized).success) {
    throw badInput('Enter a valid email address', field);
  }
  return normalized;
}

export interface NewUserProfileInput {
  firstName: string;
  lastName?: string | null;
  username: string;
  baseCurrency?: string | null;
  timeZone?: string | null;
}

export interface UpdateProfileInput {
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  baseCurrency?: string | null;
  timeZone?: string | null;
}

export interface Profile {
  firstName: string;
  lastName: string | null;
  username: string;
  baseCurrency: string;
  timeZone: string;
}

function name(value: string, field: string, label: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw badInput(`${label} must not be empty`, field);
  if (trimmed.length > 100) throw badInput(`${label} must be at most 100 characters`, field);
  return trimmed;
}

function optionalName(
  value: string | null | undefined,
  field: string,
  label: string,
): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return name(value, field, label);
}

function username(value: string, field: string): string {
  const normalized = value.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(normalized)) {
    throw badInput(
      'Username must be 3 to 30 letters, digits, dots or underscores, starting and ending with a letter or digit',
      field,
    );
  }
  return normalized;
}

function currency(value: string, field: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !isIso4217(code)) {
    throw badInput('Base currency must be an ISO 4217 code such as "USD" or "INR"', field);
  }
  return code;
}

function timeZone(value: string, field: string): string {
  const zone = value.trim();
  if (!isTimeZone(zone))
    throw badInput('Time zone must be an IANA time zone such as "Europe/Paris"', field);
  return zone;
}

/** Validates and normalizes the profile of a new account; `path` prefixes the error fields. */
export function parseNewProfile(input: NewUserProfileInput, path = 'profile'): Profile {
  return {
    firstName: name(input.firstName, `${path}.firstName`, 'First name'),
    lastName: optionalName(input.lastName, `${path}.lastName`, 'Last name'),
    username: username(input.username, `${path}.username`),
    baseCurrency: currency(
      input.baseCurrency ?? PROFILE_DEFAULTS.baseCurrency,
      `${path}.baseCurrency`,
    ),
    timeZone: timeZone(input.timeZone ?? PROFILE_DEFAULTS.timeZone, `${path}.timeZone`),
  };
}

/** The changes of an update; a field left out (or null, except lastName) stays as it is. */
export function parseProfileUpdate(input: UpdateProfileInput, path = 'input'): Partial<Profile> {
  const changes: Partial<Profile> = {};
  if (input.firstName != null)
    changes.firstName = name(input.firstName, `${path}.firstName`, 'First name');
  if (input.lastName !== undefined)
    changes.lastName = optionalName(input.lastName, `${path}.lastName`, 'Last name');
  if (input.username != null) changes.username = username(input.username, `${path}.username`);
  if (input.baseCurrency != null)
    changes.baseCurrency = currency(input.baseCurrency, `${path}.baseCurrency`);
  if (input.timeZone != null) changes.timeZone = timeZone(input.timeZone, `${path}.timeZone`);
  return changes;
}
