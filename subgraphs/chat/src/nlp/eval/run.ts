// `npm run eval:nlp`: runs the built-in parser over the labelled set and prints per-field accuracy,
// for the dev cases (the ones the parser was tuned against), the held-out cases (never tuned
// against) and all, then every miss. Transactions are compared in order; a missing one misses
// every field. Mood, triggers and payment are scored only where a case labels them.

import { minorUnitsToDecimal } from '@expensio/events';
import { zonedParts } from '@expensio/kit';
import { parseTransaction } from '../parseTransaction.ts';
import type { ParseResult } from '../types.ts';
import { BASE_CURRENCY, CASES, NOW, ZONE, type EvalCase } from './messages.ts';

const FIELDS = ['intent', 'count', 'amount', 'currency', 'kind', 'category', 'date', 'mood', 'triggers', 'payment', 'correction', 'query'] as const;
type Field = (typeof FIELDS)[number];
const TARGETS: Partial<Record<Field, number>> = { amount: 0.98, kind: 0.97, category: 0.85, date: 0.95 };

const localDate = (d: Date) => {
  const p = zonedParts(d, ZONE);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};
const decimal = (a: { minor: number; currency: string } | null | undefined) => (a ? minorUnitsToDecimal(a.minor, a.currency) : null);
const sameDecimal = (expected: string | null, got: string | null) => (expected === null || got === null ? expected === got : Number(expected) === Number(got));

interface Outcome {
  readonly field: Field;
  readonly ok: boolean;
  readonly detail: string;
}

function score(c: EvalCase, r: ParseResult): Outcome[] {
  const out: Outcome[] = [{ field: 'intent', ok: r.intent === c.intent, detail: `intent ${c.intent} got ${r.intent}` }];
  if (c.tx) {
    out.push({ field: 'count', ok: r.transactions.length === c.tx.length, detail: `${c.tx.length} transactions, got ${r.transactions.length}` });
    c.tx.forEach((e, i) => {
      const g = r.transactions[i];
      const gotAmount = decimal(g?.amount);
      const gotCurrency = g ? (g.amount?.currency ?? BASE_CURRENCY) : null;
      const gotDate = g ? localDate(g.occurredAt) : null;
      const at = c.tx!.length > 1 ? `#${i + 1} ` : '';
      out.push({ field: 'amount', ok: !!g && sameDecimal(e.amount, gotAmount), detail: `${at}amount ${e.amount} got ${gotAmount}` });
      out.push({ field: 'currency', ok: gotCurrency === e.currency, detail: `${at}currency ${e.currency} got ${gotCurrency}` });
      out.push({ field: 'kind', ok: g?.kind === e.kind, detail: `${at}kind ${e.kind} got ${g?.kind}` });
      out.push({ field: 'category', ok: g?.categoryCode === e.category, detail: `${at}category ${e.category} got ${g?.categoryCode}` });
      out.push({ field: 'date', ok: gotDate === e.date, detail: `${at}date ${e.date} got ${gotDate}` });
      if (e.mood !== undefined) out.push({ field: 'mood', ok: (g?.mood ?? null) === e.mood, detail: `${at}mood ${e.mood} got ${g?.mood}` });
      if (e.triggers) {
        const got = [...(g?.cognitiveTriggers ?? [])].sort().join(',');
        out.push({ field: 'triggers', ok: got === [...e.triggers].sort().join(','), detail: `${at}triggers [${e.triggers}] got [${got}]` });
      }
      if (e.paymentMethod !== undefined) out.push({ field: 'payment', ok: (g?.paymentMethod ?? null) === e.paymentMethod, detail: `${at}payment ${e.paymentMethod} got ${g?.paymentMethod}` });
    });
  }
  if (c.correction) {
    const x = r.correction;
    const e = c.correction;
    const got = { amount: decimal(x?.amount), currency: x?.amount?.currency, category: x?.categoryCode, date: x?.occurredAt ? localDate(x.occurredAt) : undefined };
    const ok = (e.amount === undefined || sameDecimal(e.amount, got.amount)) && (e.currency === undefined || e.currency === got.currency) && (e.category === undefined || e.category === got.category) && (e.date === undefined || e.date === got.date);
    out.push({ field: 'correction', ok, detail: `correction ${JSON.stringify(e)} got ${JSON.stringify(got)}` });
  }
  if (c.query) {
    const q = r.query;
    const e = c.query;
    const got = { metric: q?.metric, category: q?.categoryCode, mood: q?.mood, from: q?.period.firstDay, to: q?.period.lastDay };
    const ok = (Object.keys(e) as (keyof typeof e)[]).every((k) => e[k] === got[k]);
    out.push({ field: 'query', ok, detail: `query ${JSON.stringify(e)} got ${JSON.stringify(got)}` });
  }
  return out;
}

function table(label: string, results: { c: EvalCase; outcomes: Outcome[] }[]) {
  console.log(`\n${label}: ${results.length} messages, ${results.reduce((n, r) => n + (r.c.tx?.length ?? 0), 0)} labelled transactions`);
  for (const field of FIELDS) {
    const all = results.flatMap((r) => r.outcomes.filter((o) => o.field === field));
    if (all.length === 0) continue;
    const ok = all.filter((o) => o.ok).length;
    const share = ok / all.length;
    const target = TARGETS[field];
    const mark = target === undefined ? '' : share >= target ? `  (target ${target * 100}% met)` : `  (target ${target * 100}% NOT met)`;
    console.log(`  ${field.padEnd(11)} ${(share * 100).toFixed(1).padStart(5)}%  ${String(ok).padStart(3)}/${String(all.length).padEnd(3)}${mark}`);
  }
}

const results = CASES.map((c) => ({ c, outcomes: score(c, parseTransaction(c.text, { now: NOW, timeZone: ZONE, baseCurrency: BASE_CURRENCY })) }));
console.log(`Built-in parser evaluation: now ${NOW.toISOString()} (${localDate(NOW)} in ${ZONE}), base ${BASE_CURRENCY}`);
table('dev (tuned against)', results.filter((r) => r.c.split === 'dev'));
table('held-out (not tuned against; batch 2 got 4 general fixes after its one blind scoring)', results.filter((r) => r.c.split === 'heldout'));
table('  of which batch 2 (ids b*, written after the parser first ran)', results.filter((r) => r.c.id.startsWith('b')));
table('all', results);

console.log('\nMisses:');
for (const { c, outcomes } of results) {
  const misses = outcomes.filter((o) => !o.ok);
  if (misses.length) console.log(`  ${c.id.padEnd(5)} ${JSON.stringify(c.text)}\n        ${misses.map((m) => m.detail).join('; ')}`);
}
