// ISO 4217 currency codes and their minor units. Money is an integer count of minor units plus a
// currency everywhere behind the GraphQL edge (DESIGN.md "Money and time"); this module is the one
// place that knows how many decimals a currency has, so the subgraphs, the upcasters and the
// aggregates all convert the same way.

/** Three uppercase letters (ISO 4217 alphabetic code). Existence is not checked against a list:
 * Intl's list varies with the ICU build and new codes appear. */
export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

export type CurrencyCode = string;

export const isCurrencyCode = (value: unknown): value is CurrencyCode =>
  typeof value === 'string' && CURRENCY_CODE_PATTERN.test(value);

/** Currencies whose minor unit is not 1/100 (ISO 4217 list one, "minor unit" column). Any other
 * currency has two decimals. */
export const MINOR_UNIT_EXPONENTS: Readonly<Record<string, 0 | 3>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export const DEFAULT_MINOR_UNIT_EXPONENT = 2;

/** How many decimals the currency has: 0 for JPY, 3 for KWD, 2 by default. */
export function minorUnitExponent(currency: CurrencyCode): number {
  return MINOR_UNIT_EXPONENTS[currency] ?? DEFAULT_MINOR_UNIT_EXPONENT;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function toSafeNumber(minor: bigint, original: string): number {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount ${original} is too large to be represented exactly`);
  }
  return Number(minor);
}

/**
 * Converts a decimal string in major units ("12.50") to minor units (1250). A value with more
 * decimals than the currency allows is rejected rather than rounded: a user who typed 12.505 USD
 * meant something we cannot store.
 * @throws RangeError when the string is not a plain decimal, has too many decimals or is too large.
 */
export function decimalToMinorUnits(amount: string, currency: CurrencyCode): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`Amount "${amount}" is not a decimal number`);
  const [, sign, whole = '0', fraction = ''] = match;
  const exponent = minorUnitExponent(currency);
  if (fraction.length > exponent) {
    throw new RangeError(
      `Amount "${amount}" has more than ${exponent} decimal(s), the most ${currency} allows`,
    );
  }
  const digits = BigInt(whole + fraction.padEnd(exponent, '0'));
  return toSafeNumber(sign ? -digits : digits, amount);
}

/**
 * Converts a float in major units to minor units, rounding half away from zero at the currency's
 * exponent. Only for reading legacy data that stored floats (upcasters); new input goes through
 * decimalToMinorUnits. Rounds on the shortest decimal form of the float (String(19.99) is "19.99"),
 * so binary artefacts such as 19.99 * 100 = 1998.9999999999998 do not lose a cent.
 */
export function majorFloatToMinorUnits(amount: number, currency: CurrencyCode): number {
  if (!Number.isFinite(amount)) throw new RangeError(`Amount ${amount} is not a finite number`);
  const exponent = minorUnitExponent(currency);
  // Tiny amounts print in exponent notation (1e-7); toFixed spells them out. From 1e21 toFixed keeps
  // the exponent and the match below fails, which is right: no such amount is a safe integer.
  const plain = /e/i.test(String(amount)) ? amount.toFixed(20) : String(amount);
  const match = DECIMAL.exec(plain);
  if (!match) throw new RangeError(`Amount ${amount} is too large to be represented exactly`);
  const [, sign, whole = '0', fraction = ''] = match;
  let digits = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  if ((fraction[exponent] ?? '0') >= '5') digits += 1n;
  return toSafeNumber(sign && digits !== 0n ? -digits : digits, String(amount));
}

/** Formats minor units as a decimal string in major units with the currency's decimals:
 * (1250, "USD") -> "12.50", (500, "JPY") -> "500", (-5, "EUR") -> "-0.05". */
export function minorUnitsToDecimal(minor: number, currency: CurrencyCode): string {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`Minor units ${minor} are not a safe integer`);
  const exponent = minorUnitExponent(currency);
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}
