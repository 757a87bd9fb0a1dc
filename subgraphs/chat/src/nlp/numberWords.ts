// Numbers written in words ("twenty", "a hundred and fifty", "twenty-five thousand"). Only whole
// numbers: "twelve fifty" or "a couple" are too loose to turn into an amount.

const UNITS: Readonly<Record<string, number>> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90,
};
const SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1_000, million: 1_000_000 };

const WORD = `(?:${[...Object.keys(UNITS), ...Object.keys(SCALES)].join('|')})`;
/** A run of number words, possibly led by "a"/"an" ("a hundred") and joined by "and" or hyphens. */
export const NUMBER_WORDS_PATTERN = `(?:(?:an?\\s+)?${WORD}(?:(?:\\s+and\\s+|\\s+|-)${WORD})*)`;

/** The value of a run matched by NUMBER_WORDS_PATTERN, or null when it does not read as a number. */
export function wordsToNumber(run: string): number | null {
  const tokens = run.toLowerCase().split(/[\s-]+/).filter((t) => t !== 'and');
  if (tokens[0] === 'a' || tokens[0] === 'an') {
    // "a hundred", "a thousand": "a" stands for one only before a scale word.
    if (!(tokens[1] && tokens[1] in SCALES)) return null;
    tokens[0] = 'one';
  }
  let total = 0;
  let current = 0;
  let seen = false;
  for (const t of tokens) {
    if (t in UNITS) {
      current += UNITS[t] as number;
      seen = true;
    } else if (t === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
    } else if (t in SCALES) {
      total += (current || 1) * (SCALES[t] as number);
      current = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}

/** Small counts written as words or digits, for "two days ago" and "bought 3 shirts". */
export function smallCount(token: string): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  if (token === 'a' || token === 'an') return 1;
  if (token === 'couple' || token === 'a couple') return 2;
  return wordsToNumber(token);
}
