import { describe, expect, it } from 'vitest';
import { findPeriod } from './periods.ts';
import { NOW, ZONE } from './testSupport.ts';

describe('periods of questions', () => {
  it.each([
    ['how much last month', '2026-02-01', '2026-02-28', ['2026-02']],
    ['this month', '2026-03-01', '2026-03-18', ['2026-03']],
    ['this week', '2026-03-16', '2026-03-18', ['2026-03']],
    ['last week', '2026-03-09', '2026-03-15', ['2026-03']],
    ['yesterday', '2026-03-17', '2026-03-17', ['2026-03']],
    ['this year', '2026-01-01', '2026-03-18', ['2026-01', '2026-02', '2026-03']],
    ['in february', '2026-02-01', '2026-02-28', ['2026-02']],
    ['in november', '2025-11-01', '2025-11-30', ['2025-11']],
    ['the last 30 days', '2026-02-17', '2026-03-18', ['2026-02', '2026-03']],
  ])('Given "%s", when read, then it runs from %s to %s', (text, first, last, months) => {
    const p = findPeriod(text, NOW, ZONE);
    expect([p.firstDay, p.lastDay, p.months, p.explicit]).toEqual([first, last, months, true]);
  });

  it('Given a period, when turned into instants, then the bounds are local midnights (exclusive end)', () => {
    const p = findPeriod('last month', NOW, ZONE);
    expect(p.from.toISOString()).toBe('2026-02-01T08:00:00.000Z'); // PST, UTC-8
    expect(p.to.toISOString()).toBe('2026-03-01T08:00:00.000Z');
  });

  it('Given no period, when read, then this month is assumed and marked implicit', () => {
    const p = findPeriod('am i over budget', NOW, ZONE);
    expect([p.firstDay, p.explicit]).toEqual(['2026-03-01', false]);
  });
});
