import { describe, expect, it } from 'vitest';
import { formatDate } from './calendar.ts';
import { findDates } from './dates.ts';
import { normalize } from './text.ts';
import { NOW, ZONE } from './testSupport.ts';

const dateOf = (text: string, dayFirst = true) => {
  const [d] = findDates(normalize(text), { now: NOW, timeZone: ZONE, dayFirst });
  return d ? formatDate(d.date) : null;
};

// NOW is Wednesday 2026-03-18 22:30 in Los Angeles (already the 19th in UTC).
describe('relative dates in the user zone', () => {
  it.each([
    ['lunch today', '2026-03-18'],
    ['taxi tonight', '2026-03-18'],
    ['coffee this morning', '2026-03-18'],
    ['yesterday', '2026-03-17'],
    ['last night', '2026-03-17'],
    ['the day before yesterday', '2026-03-16'],
    ['3 days ago', '2026-03-15'],
    ['two days ago', '2026-03-16'],
    ['a week ago', '2026-03-11'],
    ['last week', '2026-03-11'],
    ['last Friday', '2026-03-13'],
    ['last Wednesday', '2026-03-11'],
    ['on Monday', '2026-03-16'],
    ['on Wednesday', '2026-03-18'],
    ['on Tuesday', '2026-03-17'],
    ['this weekend', '2026-03-14'],
  ])('Given "%s", when dated, then it is %s', (text, expected) => {
    expect(dateOf(text)).toBe(expected);
  });

  it('Given a UTC date ahead of the local one, when "today" is read, then it is the local day', () => {
    expect(NOW.toISOString().slice(0, 10)).toBe('2026-03-19');
    expect(dateOf('today')).toBe('2026-03-18');
  });
});

describe('calendar dates', () => {
  it.each([
    ['on the 3rd', '2026-03-03'],
    ['the 14th', '2026-03-14'],
    ['on the 20th', '2026-02-20'],
    ['2026-11-02', '2026-11-02'],
    ['Nov 3', '2025-11-03'],
    ['feb 28', '2026-02-28'],
    ['1 March', '2026-03-01'],
    ['March 1st, 2025', '2025-03-01'],
    ['14/03', '2026-03-14'],
    ['2/3', '2026-03-02'],
    ['02.03.2026', '2026-03-02'],
  ])('Given "%s", when dated, then it is %s', (text, expected) => {
    expect(dateOf(text)).toBe(expected);
  });

  it('Given a month-first user, when "2/3" is read, then it is February 3', () => {
    expect(dateOf('2/3', false)).toBe('2026-02-03');
  });

  it('Given a part above 12, when read either way, then the order is settled by it', () => {
    expect(dateOf('03/14', true)).toBe('2026-03-14');
  });

  it.each(['coffee 3.50', 'the 3rd time I paid', 'I sat down', 'for march', 'no date here'])('Given "%s", when dated, then no date is found', (text) => {
    expect(dateOf(text)).toBeNull();
  });
});
