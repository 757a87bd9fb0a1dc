// What the user's own corrections taught the parser: when they recategorise "zumba 20" as
// personalCare, the word "zumba" maps to personalCare from then on, and beats the built-in lexicon.
// The caller stores the map (per user) and passes it back in; these functions never mutate it.

import { createPhraseMatcher } from './text.ts';

/** Word (lower case, singular) to category code. */
export type LearnedCategories = Readonly<Record<string, string>>;

/** The most words kept; the oldest are dropped first so the map stays small enough to store per user. */
export const MAX_LEARNED_WORDS = 500;

// Words that say nothing about what was bought: learning them would recategorise everything.
const STOP_WORDS = new Set(
  ('a an the and or but of for on at in to from with by my our your his her their its it this that these those i me we you he she they ' +
    'was were is are be been am had has have do did does just so very really also too then there here some any all ' +
    'spent spend paid pay bought buy got get cost costs today yesterday tonight last week month year ago day days ' +
    'morning evening night usd eur gbp inr dollars dollar bucks euros pounds rupees yen rs about around like new old ' +
    'again actually make change category should not no yes it\'s that\'s was it more less one two three ugh lol').split(/\s+/),
);

/** The words of a description worth learning: letters only, no stop words, crude singular. */
export function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/\p{L}[\p{L}'&+-]*/gu) ?? [];
  return [...new Set(words.map(singular).filter((w) => w.length > 2 && !STOP_WORDS.has(w)))];
}

function singular(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/**
 * The map after the user said `text` belongs in `categoryCode`: each content word of the text now
 * points to that code (newest last, so the oldest are dropped past MAX_LEARNED_WORDS).
 */
export function learnFromCorrection(learned: LearnedCategories, text: string, categoryCode: string): LearnedCategories {
  const words = contentWords(text);
  const next: Record<string, string> = {};
  for (const [w, code] of Object.entries(learned)) if (!words.includes(w)) next[w] = code;
  for (const w of words) next[w] = categoryCode;
  const keys = Object.keys(next);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_LEARNED_WORDS))) delete next[old];
  return next;
}

const cache = new WeakMap<object, ReturnType<typeof createPhraseMatcher<string>>>();

/** Category hits from learned words in a normalised text (weight 2: the user's word beats ours). */
export function learnedHits(learned: LearnedCategories | undefined, text: string): { code: string; weight: number; start: number; end: number }[] {
  if (!learned || Object.keys(learned).length === 0) return [];
  let match = cache.get(learned);
  if (!match) {
    match = createPhraseMatcher(Object.entries(learned));
    cache.set(learned, match);
  }
  return match(text).map((m) => ({ code: m.value, weight: 2, start: m.start, end: m.end }));
}
