// A short title for a transaction, cut from the user's own words (original case kept): the money,
// the date and the remarks about feelings or payment are removed, then the filler at either end
// ("I spent ... on", "had to", "was"), keeping the first clause that has anything left.
// "vet bill for Max was $320 last Friday" -> "Vet bill for Max".

import { mask, type Span } from './text.ts';

const FILLER = new Set(
  ("i i've i'm ive im just spent spend spending paid pay paying bought buy buying got get getting had have has to for on at in " +
    'a an the my our was were is it its it\'s and with of so then also plus some like about around roughly think that this ' +
    'ugh lol why set me back cost costs total by via using been did do went grabbed took made earned received from came ' +
    'another again only just each per sent into off up there here today yesterday tonight ok okay oh well hmm hey hi ' +
    'actually basically literally probably maybe say said will would could' ).split(/\s+/),
);
const MAX_WORDS = 8;

function trimFiller(words: string[]): string[] {
  let a = 0;
  let b = words.length;
  const filler = (w: string | undefined) => w !== undefined && FILLER.has(w.toLowerCase().replace(/[^\p{L}']/gu, ''));
  while (a < b && filler(words[a])) a++;
  while (b > a && filler(words[b - 1])) b--;
  return words.slice(a, b);
}

export function makeTitle(original: string, segment: Span, remove: readonly Span[]): string | null {
  const local = remove.map((r) => ({ start: r.start - segment.start, end: r.end - segment.start }));
  const text = mask(original.slice(segment.start, segment.end), local);
  for (const clause of text.split(/[,;.!?()\n]|\s-\s|\s{3,}/)) {
    const words = trimFiller(clause.split(/\s+/).filter((w) => /[\p{L}]/u.test(w)));
    if (words.length === 0) continue;
    const title = words.slice(0, MAX_WORDS).join(' ').replace(/[:"]+/g, '').trim();
    if (title) return title.charAt(0).toUpperCase() + title.slice(1);
  }
  return null;
}
