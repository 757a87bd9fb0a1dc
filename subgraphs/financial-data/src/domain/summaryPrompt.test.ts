// The summary prompt: only the insights' kind/severity/title/detail and the totals are sent, a
// category the user named goes out as an alias and comes back in the answer, and equal facts hash equally.
import { computeInsights } from '@expensio/kit';
import type { MonthlyFigures } from '@expensio/events';
import { describe, expect, it } from 'vitest';
import { computeFigures, type EntityEntries } from './monthAggregate.ts';
import { SUMMARY_SYSTEM_PROMPT, summaryPrompt, type SummaryFacts } from './summaryPrompt.ts';

let n = 0;
const exp = (cat: string, amt: number, mood: 'happy' | 'regretful' | null = null): EntityEntries => ({
  [`e${n++}`]: { v: 1, c: { k: 'e', cur: 'EUR', amt, cat, mood, trig: [], pm: 'cash', et: null, rec: false } },
});
const figures = (...entries: EntityEntries[]): MonthlyFigures => computeFigures(Object.assign({}, ...entries));
const totals = { spent: '800.00', earned: '0.00', net: '-800.00', expenseCount: 3, incomeCount: 0 };

function factsOf(june: MonthlyFigures, may: MonthlyFigures): SummaryFacts {
  const insights = computeInsights({ month: '2026-06', figures: june, previous: [may, undefined, undefined], baseCurrency: 'EUR', timeZone: 'UTC', now: new Date('2026-07-02T00:00:00Z') });
  return { month: '2026-06', currency: 'EUR', totals, insights };
}

describe('summaryPrompt', () => {
  it('given built-in categories, then sends the insights and totals as JSON with nothing else', () => {
    const facts = factsOf(figures(exp('food', 30_000, 'regretful'), exp('housing', 50_000, 'happy')), figures(exp('food', 10_000)));
    const prompt = summaryPrompt(facts);
    expect(prompt.system).toBe(SUMMARY_SYSTEM_PROMPT);
    const sent = JSON.parse(prompt.user) as { month: string; currency: string; totals: unknown; insights: Record<string, string>[] };
    expect(sent.month).toBe('2026-06');
    expect(sent.currency).toBe('EUR');
    expect(sent.totals).toEqual(totals);
    expect(sent.insights).toEqual(facts.insights.map((i) => ({ kind: i.kind, severity: i.severity, title: i.title, detail: i.detail })));
    expect(prompt.user).toContain('300.00 EUR');
    expect(prompt.restore('food went up')).toBe('food went up');
  });

  it('given a category the user named, then it is sent as an alias and restored in the answer', () => {
    const facts = factsOf(figures(exp('tripToLisbon', 40_000), exp('food', 10_000)), figures(exp('food', 5_000)));
    expect(facts.insights.some((i) => i.subject === 'tripToLisbon')).toBe(true);
    const prompt = summaryPrompt(facts);
    expect(prompt.user).not.toContain('tripToLisbon');
    expect(prompt.user).toContain('customCategory1 up 400.00 EUR on last month');
    expect(prompt.user).toContain('food');
    expect(prompt.restore('customCategory1 rose by 400.00 EUR; customCategory10 is unknown.')).toBe('tripToLisbon rose by 400.00 EUR; customCategory10 is unknown.');
  });

  it('given a short custom code, then only whole words are replaced', () => {
    const facts = factsOf(figures(exp('car', 40_000)), figures());
    const prompt = summaryPrompt(facts);
    expect(prompt.user).toContain('customCategory1 up');
    expect(prompt.user).not.toMatch(/(?<![A-Za-z])car(?![A-Za-z])/);
  });

  it('given the same facts, then the hash is the same; other numbers give another hash', () => {
    const may = figures(exp('food', 10_000));
    const a = summaryPrompt(factsOf(figures(exp('food', 30_000)), may));
    const b = summaryPrompt(factsOf(figures(exp('food', 30_000)), may));
    const c = summaryPrompt(factsOf(figures(exp('food', 30_001)), may));
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});
