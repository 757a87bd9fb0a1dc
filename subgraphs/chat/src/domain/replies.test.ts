import { describe, expect, it } from 'vitest';
import { parseTransaction } from '../nlp/index.ts';
import { answerQuery, formatAmounts, formatMoney, previewReply, type DraftTransaction } from './replies.ts';

const pizza: DraftTransaction = {
  kind: 'expense', title: 'Pizza', amount: { minor: 1250, currency: 'EUR' }, categoryCode: 'food', mood: 'regretful', cognitiveTriggers: [],
  expenseType: null, paymentMethod: 'cash', incomeType: null, occurredAt: new Date('2025-03-14T11:00:00Z'), confidence: 0.9,
};
const now = new Date('2025-03-20T10:00:00Z');
const queryOf = (text: string) => parseTransaction(text, { now, timeZone: 'Europe/Paris', baseCurrency: 'EUR' }).query!;
const figures = {
  expenses: { amounts: { EUR: 12_345, JPY: 800 }, count: 3 }, incomes: { amounts: { EUR: 300_000 }, count: 1 },
  byCategory: [{ categoryCode: 'food', amounts: { EUR: 10_001 }, count: 2 }], byMood: [], byTrigger: [], byIncomeCategory: [],
  byPaymentMethod: [], byExpenseType: [], recurring: { amounts: {}, count: 0 },
};

describe('reply formatting', () => {
  it('given minor units, then amounts carry exactly the currency decimals', () => {
    expect(formatMoney({ minor: 1250, currency: 'EUR' })).toBe('12.50 EUR');
    expect(formatMoney({ minor: 800, currency: 'JPY' })).toBe('800 JPY');
    expect(formatMoney({ minor: 1234, currency: 'KWD' })).toBe('1.234 KWD');
    expect(formatAmounts({ EUR: 5, JPY: 800 }, 'EUR')).toBe('0.05 EUR + 800 JPY');
  });

  it('given a preview, then it lists each record with its exact amount and how to answer', () => {
    const text = previewReply([pizza, { ...pizza, title: 'Taxi', amount: { minor: 1800, currency: 'EUR' }, categoryCode: 'transportation', mood: null }], 'Europe/Paris');
    expect(text).toContain('1. expense "Pizza" 12.50 EUR · food · regretful · cash · 2025-03-14');
    expect(text).toContain('2. expense "Taxi" 18.00 EUR · transportation · cash · 2025-03-14');
    expect(text).toContain('Say "yes" to save');
  });

  it('given month figures, then answers state exact totals, other currencies apart', () => {
    const base = { months: [figures], alerts: [], baseCurrency: 'EUR', today: '2025-03-20' };
    expect(answerQuery({ ...base, query: queryOf('how much did I spend this month?') })).toBe('You spent 123.45 EUR + 800 JPY this month (3 expenses).');
    expect(answerQuery({ ...base, query: queryOf('how much did I spend on food this month?') })).toBe('You spent 100.01 EUR on food this month (2 expenses).');
    expect(answerQuery({ ...base, query: queryOf('am I over budget?') })).toBe('No budget has been exceeded this month. You\'ve spent 123.45 EUR + 800 JPY so far.');
  });
});
