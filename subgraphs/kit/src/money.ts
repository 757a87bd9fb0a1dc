import { decimalToMinorUnits, isCurrencyCode, minorUnitsToDecimal } from '@expensio/events';
import { badInput } from './errors.ts';

/** Money as stored and carried in events: integer minor units and an ISO 4217 code. */
export interface MoneyValue {
  readonly minor: number;
  readonly currency: string;
}

/** GraphQL's `Money`: a decimal string, the currency, and the minor units as a string. */
export interface MoneyOutput {
  readonly amount: string;
  readonly currency: string;
  readonly minorUnits: string;
}

// ICU's list: every active ISO 4217 code (and some historic ones), so "XYZ" or "ABC" are refused.
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isIsoCurrency(code: string): boolean {
  return isCurrencyCode(code) && ISO_CURRENCIES.has(code);
}

/** Checks a currency code from input; `field` names it in the error. */
export function parseCurrency(code: string, field: string): string {
  const upper = code.trim().toUpperCase();
  if (!isIsoCurrency(upper)) throw badInput(`"${code}" is not an ISO 4217 currency code`, field);
  return upper;
}

/**
 * Reads a `MoneyInput`: a decimal string (never a float) within the currency's precision, positive
 * unless `allowZero`, in `currency` or else the user's base currency. Errors name `field.amount` or
 * `field.currency`.
 */
export function parseMoneyInput(
  input: { readonly amount: string; readonly currency?: string | null },
  { defaultCurrency, field, allowZero = false }: { defaultCurrency: string; field: string; allowZero?: boolean },
): MoneyValue {
  const currency = parseCurrency(input.currency ?? defaultCurrency, `${field}.currency`);
  let minor: number;
  try {
    minor = decimalToMinorUnits(input.amount, currency);
  } catch (err) {
    throw badInput((err as Error).message, `${field}.amount`);
  }
  if (minor < 0 || (minor === 0 && !allowZero)) {
    throw badInput(`Amount must be ${allowZero ? 'zero or more' : 'more than zero'}`, `${field}.amount`);
  }
  return { minor, currency };
}

export function toMoney({ minor, currency }: MoneyValue): MoneyOutput {
  return { amount: minorUnitsToDecimal(minor, currency), currency, minorUnits: String(minor) };
}
