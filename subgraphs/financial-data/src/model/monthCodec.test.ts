import { describe, expect, it } from 'vitest';
import { computeFigures, type EntityEntries } from '../domain/monthAggregate.ts';
import { decodeMonth, encodeEntries, encodeFigures, type StoredMonthDoc } from './monthCodec.ts';

const ent: EntityEntries = {
  'expense:a': { v: 2, c: { k: 'e', cur: 'EUR', amt: 1_250, cat: 'food', mood: 'happy', trig: ['impulseBuying'], pm: 'cash', et: null, rec: false } },
  'expense:b': { v: 3, c: null },
};
const figures = computeFigures(ent);
const base = { _id: 'u|2026-07', userId: 'u', month: '2026-07', timeZone: 'UTC', rev: 4, updatedAt: new Date(0) };

describe('month codec', () => {
  it('reads entries and figures stored as text', () => {
    const doc = decodeMonth({ ...base, ent: encodeEntries(ent), figures: encodeFigures(figures) });
    expect({ ...doc.ent }).toEqual(ent);
    expect(doc.figures).toEqual(figures);
    expect(doc).toMatchObject(base);
  });

  it('reads a month an older build stored as objects', () => {
    const doc = decodeMonth({ ...base, ent, figures });
    expect({ ...doc.ent }).toEqual(ent);
    expect(doc.figures).toEqual(figures);
  });

  it('gives entries as a null-prototype dictionary: an entity id never meets a prototype key', () => {
    const doc = decodeMonth({ ...base, ent: encodeEntries(ent), figures: encodeFigures(figures) });
    expect(Object.getPrototypeOf(doc.ent)).toBeNull();
    expect(doc.ent['constructor']).toBeUndefined();
  });

  it('leaves out what a projection left out', () => {
    const doc = decodeMonth({ _id: 'u|2026-07', rev: 4 } as StoredMonthDoc);
    expect(doc).toEqual({ _id: 'u|2026-07', rev: 4 });
  });
});
