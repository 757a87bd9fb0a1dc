// Amounts in the forms people type: "$250", "250 bucks", "Rs. 1,499", "₹1499", "20 EUR", "USD 3.14",
// "3,50 €", "1.2k", "2 lakh", "twenty dollars", "a hundred and fifty pounds", "99p". The result is
// always integer minor units in the currency's exponent (@expensio/events decides the exponent).
// Never invents an amount: a range ("20-30"), a number with more decimals than the currency allows,
// or a number that reads as a count, time or date gives no amount.

import { decimalToMinorUnits, minorUnitExponent } from '@expensio/events';
import { NUMBER_WORDS_PATTERN, wordsToNumber } from './numberWords.ts';
import type { Span } from './text.ts';

export interface Money {
  /** Integer count of minor units (cents, paise; yen for JPY). */
  readonly minor: number;
  /** ISO 4217 code. */
  readonly currency: string;
}

export interface MoneyMention extends Span {
  /** Null when the text names money but no single amount (a range, "5 or 6 bucks", too many decimals). */
  readonly amount: Money | null;
  /** The currency this mention is in (written, or the base currency). */
  readonly currency: string;
  /** A currency symbol, code or word was written next to the number. */
  readonly currencyWritten: boolean;
  /** Written with a minus sign ("-45"): the sign is dropped, kind comes from the words. */
  readonly negative: boolean;
  /** "about", "around", "like", "~", "-ish": the user is not sure of it. */
  readonly hedged: boolean;
}

export interface FindMoneyOptions {
  /** The currency of a number written without one. */
  readonly baseCurrency: string;
}

// Currencies that write their amounts with "$": a bare "$" means the user's own dollar when their
// base currency is one of these, else the US dollar.
const DOLLAR_CURRENCIES = new Set(['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD', 'MXN', 'ARS', 'CLP', 'COP', 'BSD', 'JMD', 'FJD', 'LRD', 'NAD', 'BBD', 'BZD', 'TTD', 'XCD']);
const RUPEE_CURRENCIES = new Set(['INR', 'PKR', 'LKR', 'NPR', 'MUR', 'SCR']);
const PESO_CURRENCIES = new Set(['MXN', 'ARS', 'CLP', 'COP', 'PHP', 'UYU', 'DOP', 'CUP']);
const KRONA_CURRENCIES = new Set(['SEK', 'NOK', 'DKK', 'ISK']);

const dollar = (base: string) => (DOLLAR_CURRENCIES.has(base) ? base : 'USD');
const rupee = (base: string) => (RUPEE_CURRENCIES.has(base) ? base : 'INR');

/** Symbols and words for currencies, to the code they mean given the user's base currency. */
const CURRENCY_TOKENS: Readonly<Record<string, (base: string) => string>> = {
  $: dollar, 'us$': () => 'USD', 'a$': () => 'AUD', 'au$': () => 'AUD', 'c$': () => 'CAD', 'ca$': () => 'CAD',
  'nz$': () => 'NZD', 'hk$': () => 'HKD', 's$': () => 'SGD', 'r$': () => 'BRL', 'mx$': () => 'MXN',
  buck: dollar, bucks: dollar, dollar: dollar, dollars: dollar,
  '€': () => 'EUR', euro: () => 'EUR', euros: () => 'EUR',
  '£': () => 'GBP', pound: () => 'GBP', pounds: () => 'GBP', quid: () => 'GBP',
  '¥': (b) => (b === 'CNY' ? 'CNY' : 'JPY'), yen: () => 'JPY', yuan: () => 'CNY', rmb: () => 'CNY', '元': () => 'CNY',
  '₹': () => 'INR', rs: rupee, 'rs.': rupee, '₨': rupee, rupee: rupee, rupees: rupee,
  '₩': () => 'KRW', '₽': () => 'RUB', rubles: () => 'RUB', roubles: () => 'RUB', '₺': () => 'TRY', lira: () => 'TRY',
  '₪': () => 'ILS', shekels: () => 'ILS', '₱': () => 'PHP', '₦': () => 'NGN', naira: () => 'NGN',
  '฿': () => 'THB', baht: () => 'THB', '₫': () => 'VND', '₴': () => 'UAH', 'zł': () => 'PLN', zloty: () => 'PLN',
  francs: () => 'CHF', franc: () => 'CHF', pesos: (b) => (PESO_CURRENCIES.has(b) ? b : 'MXN'), peso: (b) => (PESO_CURRENCIES.has(b) ? b : 'MXN'),
  reais: () => 'BRL', real: () => 'BRL', rand: () => 'ZAR', dirham: () => 'AED', dirhams: () => 'AED', ringgit: () => 'MYR',
  kr: (b) => (KRONA_CURRENCIES.has(b) ? b : 'SEK'),
};

// ISO codes that are also English words ("all", "try", "pen", "top", "cup"...) count only when
// written in capitals; these common ones count in any case.
const LOWERCASE_CODES = new Set(['usd', 'eur', 'gbp', 'inr', 'jpy', 'cad', 'aud', 'nzd', 'chf', 'cny', 'sek', 'nok', 'dkk', 'sgd', 'hkd', 'mxn', 'brl', 'zar', 'krw', 'aed', 'sar', 'pln', 'czk', 'huf', 'thb', 'idr', 'php', 'myr', 'kwd', 'bhd', 'omr', 'ngn', 'kes', 'egp', 'pkr', 'lkr', 'rub', 'ils', 'vnd', 'clp', 'cop', 'ars']);
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

/** Sub-units written as words: "50 cents", "99p". The amount is in hundredths of the currency. */
const SUBUNIT_TOKENS: Readonly<Record<string, (base: string) => string>> = {
  cents: dollar, cent: dollar, p: () => 'GBP', pence: () => 'GBP', paise: rupee,
};

const SYMBOLS = '(?:us\\$|au?\\$|ca?\\$|nz\\$|hk\\$|s\\$|r\\$|mx\\$|\\$|€|£|¥|₹|₨|₩|₽|₺|₪|₱|₦|฿|₫|₴|zł|元)';
const CODE_OR_WORD = `(?:${[...Object.keys(CURRENCY_TOKENS), ...Object.keys(SUBUNIT_TOKENS)].filter((k) => /^[a-z.]+$/.test(k)).map((k) => k.replace('.', '\\.')).sort((a, b) => b.length - a.length).join('|')}|[a-z]{3})`;
const PREFIX_RE = new RegExp(`(?:^|[^\\p{L}\\p{N}])(-)?(${SYMBOLS}|rs\\.?|kr|[a-z]{3})\\s?(-)?$`, 'u');
const SUFFIX_RE = new RegExp(`^\\s?(${SYMBOLS}|${CODE_OR_WORD})(?![\\p{L}\\p{N}])`, 'u');
const NUMBER_RE = /(?<![\p{L}\p{N}])(\d{1,3}(?:[,'.]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,]\d{1,3})?)(?:(k|m|mn|bn)|\s?(grand|lakhs?|lacs?|crores?))?/gu;
const WORDS_RE = new RegExp(`(?<![\\p{L}])${NUMBER_WORDS_PATTERN}(?![\\p{L}])`, 'gu');

const MULTIPLIER_DIGITS: Readonly<Record<string, number>> = {
  k: 3, grand: 3, m: 6, mn: 6, bn: 9, lakh: 5, lakhs: 5, lac: 5, lacs: 5, crore: 7, crores: 7,
};

// A bare number followed by one of these is a count, a time or a measure, not money.
const UNIT_AFTER = /^\s*(?:%|:\d|x\b|(?:percent|days?|weeks?|months?|years?|yrs?|hours?|hrs?|mins?|minutes?|seconds?|secs?|times?|people|persons?|guests?|kids?|items?|pcs|pieces?|kgs?|g|grams?|lbs?|pounds? of|km|kms|miles?|mi|liters?|litres?|l|ml|gallons?|oz|nights?|am|pm|a\.m\.|p\.m\.|o'clock|left|stars?|floors?|rooms?|pages?|episodes?|st|nd|rd|th)(?![\p{L}]))/u;
const NUMBER_LABEL_BEFORE = /(?:#|\bno\.|\bnumber|\broom|\bflight|\bgate|\broute|\bplatform|\bseat)\s*$/;
// A year, not an amount: "in 2025", "since 2019", "March 2024".
const YEAR_BEFORE = /(?:\bin|\bsince|\byear|\bof|\bclass of|\bjan\w*|\bfeb\w*|\bmar\w*|\bapr\w*|\bmay|\bjun\w*|\bjul\w*|\baug\w*|\bsep\w*|\boct\w*|\bnov\w*|\bdec\w*)\s*$/;
// Words after a small number that do not make it a count ("12 and", "8 for", "40 yesterday").
const FUNCTION_WORDS = new Set(['on', 'for', 'at', 'in', 'to', 'and', 'with', 'from', 'each', 'total', 'today', 'yesterday', 'tonight', 'last', 'this', 'ago', 'the', 'a', 'an', 'but', 'or', 'so', 'plus', 'then', 'via', 'by', 'using', 'paid', 'cash', 'card', 'was', 'is', 'after', 'before', 'when', 'because', 'since', 'ugh', 'lol', 'per', 'a month', 'monthly', 'weekly', 'again', 'only', 'all']);
const HEDGE_BEFORE = /(?:\babout|\baround|\broughly|\bapprox(?:imately|\.)?|\blike|~|\balmost|\bnearly|\bmaybe|\bprobably|\bi think it was|\bi think|\bsomething like|\bclose to)\s*$/;
const HEDGE_AFTER = /^\s*(?:-?ish\b|or so\b|give or take\b|\?)/;
const RANGE_BETWEEN = /^\s*(?:-|to|or|~|\/)\s*$/;

interface Candidate extends Span {
  decimal: string | null; // major units as a decimal string, before the currency is known
  subunit: boolean; // "cents": the decimal counts hundredths
  currencyToken: string | null;
  currency: string | null; // resolved from currencyToken
  negative: boolean;
}

function currencyOf(token: string, original: string, base: string): { code: string; subunit: boolean } | null {
  const t = token.toLowerCase();
  const word = CURRENCY_TOKENS[t];
  if (word) return { code: word(base), subunit: false };
  const sub = SUBUNIT_TOKENS[t];
  if (sub) return { code: sub(base), subunit: true };
  if (/^[a-z]{3}$/.test(t)) {
    const upper = t.toUpperCase();
    if (!ISO_CODES.has(upper)) return null;
    if (LOWERCASE_CODES.has(t) || original === upper) return { code: upper, subunit: false };
  }
  return null;
}

// Currencies whose users write "1.500" for fifteen hundred (a dot groups thousands, a comma marks
// decimals). Elsewhere "3.145" is a decimal with one digit too many, so no amount, not 3,145.
const DOT_GROUPING = new Set(['EUR', 'BRL', 'ARS', 'CLP', 'COP', 'IDR', 'TRY', 'RUB', 'VND', 'DKK', 'NOK', 'PLN', 'CZK', 'HUF', 'RON', 'UAH', 'ISK']);

/**
 * Reads a numeral's separators. Both "," and "." present: the last one is the decimal mark.
 * One kind only: several of them group thousands; a single one followed by exactly three digits
 * groups thousands ("1,499"), except for three-decimal currencies (KWD "12.500"), "0.xxx", and a dot
 * in a currency that writes decimals with a dot ("$3.145" stays a decimal, and is then rejected);
 * otherwise it is the decimal mark ("3,50", "3.14").
 */
export function numeralToDecimal(raw: string, exponent: number, currency = ''): string {
  const s = raw.replace(/'/g, ',');
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    const decimalMark = lastComma > lastDot ? ',' : '.';
    const group = decimalMark === ',' ? '.' : ',';
    return s.split(group).join('').replace(decimalMark, '.');
  }
  const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
  if (!mark) return s;
  const parts = s.split(mark);
  const dotIsDecimal = mark === '.' && exponent > 0 && !DOT_GROUPING.has(currency);
  const grouping = parts.length > 2 || (parts[1]?.length === 3 && parts[0] !== '0' && exponent !== 3 && !dotIsDecimal);
  return grouping ? parts.join('') : parts.join('.');
}

/** Moves the decimal point: shift(“1.2”, 3) is "1200", shift("50", -2) is "0.50". */
function shift(decimal: string, places: number): string {
  const [whole = '0', fraction = ''] = decimal.split('.');
  const digits = whole + fraction;
  const point = whole.length + places;
  const padded = point > digits.length ? digits.padEnd(point, '0') : point <= 0 ? '0'.repeat(1 - point) + digits : digits;
  const at = Math.max(point, 1);
  const int = padded.slice(0, at).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(at).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

function toMinor(decimal: string, currency: string): number | null {
  try {
    return decimalToMinorUnits(decimal, currency);
  } catch {
    return null; // more decimals than the currency has, or too large: not an amount we can trust
  }
}

/**
 * Finds every money mention in `text` (normalised, with dates already masked), in order.
 * `original` is the text before lower-casing, used only to tell "TRY" (a currency) from "try".
 */
export function findMoney(text: string, original: string, { baseCurrency }: FindMoneyOptions): MoneyMention[] {
  const candidates: Candidate[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const core = m[1] as string;
    let start = m.index;
    let end = m.index + m[0].length;
    const multiplier = m[2] ?? m[3];
    // "3rd", "7pm", "2x": letters glued to the number make it something else.
    if (!multiplier && /^[\p{L}]/u.test(text.slice(end)) && !SUFFIX_RE.test(text.slice(end))) continue;
    let currencyToken: string | null = null;
    let resolved: { code: string; subunit: boolean } | null = null;
    let negative = false;
    const before = PREFIX_RE.exec(text.slice(Math.max(0, start - 8), start));
    if (before) {
      const token = before[2] as string;
      const tokenStart = start - before[0].length + before[0].indexOf(token);
      resolved = currencyOf(token, original.slice(tokenStart, tokenStart + token.length), baseCurrency);
      if (resolved) {
        currencyToken = token;
        negative = Boolean(before[1] || before[3]);
        start = tokenStart - (before[1] ? 1 : 0);
      }
    }
    if (!currencyToken && text[start - 1] === '-' && !/[\p{N}\p{L}]/u.test(text[start - 2] ?? ' ')) {
      negative = true;
      start -= 1;
    }
    if (!currencyToken) {
      const after = SUFFIX_RE.exec(text.slice(end));
      if (after) {
        const token = after[1] as string;
        const tokenStart = end + after[0].indexOf(token);
        resolved = currencyOf(token, original.slice(tokenStart, tokenStart + token.length), baseCurrency);
        if (resolved) {
          currencyToken = token;
          end += after[0].length;
        }
      }
    }
    const currency = resolved?.code ?? baseCurrency;
    let decimal = numeralToDecimal(core, minorUnitExponent(currency), currency);
    if (multiplier) decimal = shift(decimal, MULTIPLIER_DIGITS[multiplier] ?? 0);
    candidates.push({ start, end, decimal, subunit: resolved?.subunit ?? false, currencyToken, currency: resolved?.code ?? null, negative });
  }
  for (const m of text.matchAll(WORDS_RE)) {
    const value = wordsToNumber(m[0]);
    if (value === null) continue;
    const end = m.index + m[0].length;
    const after = SUFFIX_RE.exec(text.slice(end));
    if (!after) continue;
    const token = after[1] as string;
    const tokenStart = end + after[0].indexOf(token);
    const resolved = currencyOf(token, original.slice(tokenStart, tokenStart + token.length), baseCurrency);
    if (!resolved) continue;
    candidates.push({ start: m.index, end: end + after[0].length, decimal: String(value), subunit: resolved.subunit, currencyToken: token, currency: resolved.code, negative: false });
  }
  candidates.sort((a, b) => a.start - b.start);

  const kept = candidates.filter((c, i) => c.currencyToken || isBareAmount(c, text, candidates.length > 1 ? candidates.filter((_, j) => j !== i) : []));
  return mergeRanges(kept, text).map((c) => toMention(c, text, baseCurrency));
}

/** A number with no currency next to it is money unless it reads as a count, a time or a label. */
function isBareAmount(c: Candidate, text: string, others: readonly Candidate[]): boolean {
  const after = text.slice(c.end);
  if (UNIT_AFTER.test(after)) return false;
  const before = text.slice(Math.max(0, c.start - 12), c.start);
  if (/\d:$/.test(before)) return false; // the minutes of "7:30"
  if (/\bat\s*$/.test(before) && /^\s*(?:$|[,.;!]|with\b|and\b)/.test(after) && !/^\d+\.\d/.test(text.slice(c.start, c.end))) return false; // "dinner at 7, ..."

  if (NUMBER_LABEL_BEFORE.test(before)) return false;
  if (/^(?:19|20)\d\d$/.test(text.slice(c.start, c.end)) && YEAR_BEFORE.test(before)) return false;
  const next = /^\s+([\p{L}']+)/u.exec(after)?.[1];
  const small = c.decimal !== null && /^\d+$/.test(c.decimal) && Number(c.decimal) <= 12;
  if (next && !FUNCTION_WORDS.has(next)) {
    // "3 shirts", "2 buses": a small whole number before a plural noun counts things.
    if (small && /[^s]s$/.test(next) && next.length > 3) return false;
    // "2 movie tickets 28 dollars": a small whole number before a word, when another number is the price.
    if (small && others.some((o) => o.start > c.start)) return false;
  }
  return true;
}

function mergeRanges(cands: Candidate[], text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const c of cands) {
    const prev = out[out.length - 1];
    const between = prev ? text.slice(prev.end, c.start) : '';
    const betweenAnd = prev && /^\s*and\s*$/.test(between) && /\bbetween\s*$/.test(text.slice(Math.max(0, prev.start - 10), prev.start));
    if (prev && (RANGE_BETWEEN.test(between) || betweenAnd)) {
      // "20-30", "5 or 6 bucks", "between 20 and 30": money, but no single amount.
      out[out.length - 1] = { ...prev, end: c.end, decimal: null, currencyToken: prev.currencyToken ?? c.currencyToken, currency: prev.currency ?? c.currency };
    } else out.push(c);
  }
  return out;
}

function toMention(c: Candidate, text: string, base: string): MoneyMention {
  const currency = c.currency ?? base;
  let amount: Money | null = null;
  if (c.decimal !== null) {
    const decimal = c.subunit ? shift(c.decimal, -2) : c.decimal;
    const minor = toMinor(decimal, currency);
    if (minor !== null && minor > 0) amount = { minor, currency };
  }
  const hedged = HEDGE_BEFORE.test(text.slice(Math.max(0, c.start - 20), c.start)) || HEDGE_AFTER.test(text.slice(c.end));
  return { start: c.start, end: c.end, amount, currency, currencyWritten: c.currencyToken !== null, negative: c.negative, hedged };
}
