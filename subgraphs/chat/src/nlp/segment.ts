// Splits a message that lists several transactions ("lunch 12€ and a taxi 20€", "breakfast 8,
// lunch 14, dinner 22", "got paid 450 and spent 60 on groceries") into one span per amount. The cut
// between two amounts is the last separator between them (",", ";", "and", "plus", "then"); without
// one, the message's own order decides: item-first ("coffee 4 sandwich 8") cuts after an amount,
// amount-first ("$4 coffee $8 sandwich") before the next.

import type { Span } from './text.ts';

const SEPARATOR = /\s*(?:[,;\n]|\band\b|\bplus\b|\bthen\b|\balso\b|&|\+)\s*/g;

export function splitSegments(text: string, amounts: readonly Span[]): Span[] {
  if (amounts.length <= 1) return [{ start: 0, end: text.length }];
  const itemFirst = /[\p{L}]/u.test(text.slice(0, amounts[0]!.start));
  const cuts: { end: number; next: number }[] = [];
  for (let i = 0; i + 1 < amounts.length; i++) {
    const from = amounts[i]!.end;
    const to = amounts[i + 1]!.start;
    const between = text.slice(from, to);
    const seps = [...between.matchAll(SEPARATOR)];
    const last = seps[seps.length - 1];
    if (last) cuts.push({ end: from + last.index, next: from + last.index + last[0].length });
    else if (itemFirst) cuts.push({ end: from, next: from });
    else cuts.push({ end: to, next: to });
  }
  const spans: Span[] = [];
  let start = 0;
  for (const cut of cuts) {
    spans.push({ start, end: cut.end });
    start = cut.next;
  }
  spans.push({ start, end: text.length });
  return spans;
}
