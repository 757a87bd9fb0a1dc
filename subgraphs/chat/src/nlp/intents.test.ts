import { describe, expect, it } from 'vitest';
import { parse } from './testSupport.ts';

describe('intents', () => {
  it.each([
    ['lunch 12 and taxi 20', 'ADD_TRANSACTION'],
    ['bought groceries', 'ADD_TRANSACTION'],
    ['hi! lunch 12', 'ADD_TRANSACTION'],
    ['yes', 'CONFIRM'],
    ['yep, save it', 'CONFIRM'],
    ['sure, go ahead', 'CONFIRM'],
    ['no', 'CANCEL'],
    ['never mind', 'CANCEL'],
    ['no thanks, cancel it', 'CANCEL'],
    ['undo', 'UNDO'],
    ['delete the last one', 'UNDO'],
    ['actually it was 300', 'CORRECT'],
    ['no, it was 45 euros', 'CORRECT'],
    ['make that food', 'CORRECT'],
    ['how much did I spend on food last month?', 'QUERY'],
    ['am I over budget?', 'QUERY'],
    ['did I spend $40 on gas?', 'QUERY'],
    ['summarize my finances this month', 'SUMMARY'],
    ['help', 'HELP'],
    ['what can you do?', 'HELP'],
    ['hello there!', 'SMALL_TALK'],
    ['how are you?', 'SMALL_TALK'],
    ['thanks!', 'SMALL_TALK'],
    ['asdfgh', 'UNKNOWN'],
    ['', 'UNKNOWN'],
  ])('Given "%s", when classified, then the intent is %s', (text, intent) => {
    expect(parse(text).intent).toBe(intent);
  });

  it('Given a correction, when parsed, then it carries only what the user said', () => {
    expect(parse('actually it was 300').correction).toEqual({ amount: { minor: 30000, currency: 'USD' } });
    expect(parse('make that food').correction).toEqual({ categoryCode: 'food' });
    expect(parse('it should be 12.50 not 15').correction?.amount).toEqual({ minor: 1250, currency: 'USD' });
  });

  it('Given a question, when parsed, then the query is structured for the answerer', () => {
    const q = parse('what do I spend most on when I feel regretful?').query;
    expect([q?.metric, q?.mood, q?.period.explicit]).toEqual(['topCategory', 'regretful', false]);
    const food = parse('how much did I spend on food last month?').query;
    expect([food?.metric, food?.kind, food?.categoryCode, food?.period.firstDay, food?.period.lastDay]).toEqual(['totalSpent', 'expense', 'food', '2026-02-01', '2026-02-28']);
    expect(parse('how much did I earn in February?').query?.metric).toBe('totalEarned');
    expect(parse('summarize my finances this month').query?.metric).toBe('summary');
  });

  it('Given a non-transaction intent, when parsed, then no transaction is returned', () => {
    expect(parse('yes').transactions).toEqual([]);
    expect(parse('how much did I spend on food?').transactions).toEqual([]);
  });
});
