// Text helpers shared by the extractors. Every extractor works on the same normalised copy of the
// message and reports character spans in it, so spans found by one (a date) can be masked before
// another runs (money), and the title can be cut from the original text by position.

/** A match of an extractor: where it is in the message and what it means. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface PhraseMatch<T> extends Span {
  readonly value: T;
  readonly text: string;
}

/**
 * Lower-cases and unifies look-alike characters one UTF-16 unit for one, so that positions in the
 * result are positions in the original text (a title is cut from the original by position).
 */
export function normalize(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    let c = ch.toLowerCase();
    if (c === '\u2019' || c === '\u2018' || c === '`') c = "'";
    else if (c === '\u2212' || c === '\u2013' || c === '\u2014') c = '-';
    else if (c === '\u00a0') c = ' ';
    // A few letters change length when lower-cased (İ); keep them as they are to keep positions.
    out += c.length === 1 ? c : ch;
  }
  return out;
}

/** Replaces the spans with spaces, keeping every other position where it was. */
export function mask(text: string, spans: readonly Span[]): string {
  const chars = text.split('');
  for (const { start, end } of spans) for (let i = start; i < end; i++) chars[i] = ' ';
  return chars.join('');
}

export const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface PhraseMatcherOptions {
  /** Also match a trailing "s"/"es" (tickets, taxes). Default true. */
  readonly plurals?: boolean;
}

/**
 * Finds lexicon phrases in normalised text: whole words only, any run of spaces between words, the
 * longest phrase winning where two start at the same place (so "uber eats" beats "uber"), matches
 * never overlapping. Compiled once per lexicon into one alternation, longest first.
 */
export function createPhraseMatcher<T>(
  entries: readonly (readonly [string, T])[],
  { plurals = true }: PhraseMatcherOptions = {},
): (text: string) => PhraseMatch<T>[] {
  const byKey = new Map<string, T>();
  for (const [phrase, value] of entries) byKey.set(phrase.replace(/\s+/g, ' '), value);
  const keys = [...byKey.keys()].sort((a, b) => b.length - a.length);
  const plural = plurals ? "(?:s|es|'s)?" : '';
  const body = keys.map((k) => escape(k).replace(/ /g, '\\s+') + (/[a-z]$/.test(k) ? plural : '')).join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'gu');
  const lookup = (m: string): T | undefined => {
    const k = m.replace(/\s+/g, ' ');
    return byKey.get(k) ?? byKey.get(k.replace(/'s$/, '')) ?? byKey.get(k.replace(/s$/, '')) ?? byKey.get(k.replace(/es$/, ''));
  };
  return (text) => {
    const out: PhraseMatch<T>[] = [];
    for (const m of text.matchAll(re)) {
      const value = lookup(m[0]);
      if (value !== undefined) out.push({ start: m.index, end: m.index + m[0].length, value, text: m[0] });
    }
    return out;
  };
}

/** The words of a text with their positions (letters, digits and inner apostrophes). */
export function words(text: string): PhraseMatch<string>[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    value: m[0],
    text: m[0],
  }));
}
