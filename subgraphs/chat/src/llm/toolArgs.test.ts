import { describe, expect, it } from 'vitest';
import { parseTransaction } from '../nlp/index.ts';
import { parseToolArgs, toParseResult, ToolArgsError, type ToolArgs } from './toolArgs.ts';

const options = { now: new Date('2025-03-14T15:00:00Z'), timeZone: 'Europe/Paris', baseCurrency: 'EUR' };
const tx = { kind: 'expense', title: 'Dinner at Luigi', amount: '38', currency: null, categoryCode: 'food', mood: 'happy', cognitiveTriggers: [], expenseType: 'luxury', paymentMethod: 'credit_card', incomeType: null, date: null };
const args = (over: Partial<ToolArgs> = {}): ToolArgs => ({ intent: 'ADD_TRANSACTION', transactions: [tx as never], query: null, correction: null, ...over });
const map = (a: ToolArgs, text: string) => toParseResult(a, text, options, parseTransaction(text, options));

describe('tool arguments', () => {
  it('validates with zod and rejects what the schema does not allow', () => {
    expect(parseToolArgs(JSON.stringify(args())).intent).toBe('ADD_TRANSACTION');
    expect(() => parseToolArgs('{not json')).toThrow(ToolArgsError);
    expect(() => parseToolArgs(JSON.stringify({ ...args(), intent: 'BUY' }))).toThrow(ToolArgsError);
    expect(() => parseToolArgs(JSON.stringify(args({ transactions: [{ ...tx, amount: '-5' } as never] })))).toThrow(ToolArgsError);
    expect(() => parseToolArgs(JSON.stringify(args({ transactions: [{ ...tx, categoryCode: 'yachts' } as never] })))).toThrow(ToolArgsError);
    expect(() => parseToolArgs(JSON.stringify({ ...args(), extra: 1 }))).toThrow(ToolArgsError);
  });

  it('maps to the parser\'s ParseResult with amounts in minor units in the base currency', () => {
    const r = map(args(), 'dinner at luigi 38, loved it');
    expect(r.intent).toBe('ADD_TRANSACTION');
    expect(r.transactions[0]).toMatchObject({ kind: 'expense', title: 'Dinner at Luigi', amount: { minor: 3800, currency: 'EUR' }, categoryCode: 'food', mood: 'happy', paymentMethod: 'credit_card', incomeType: null, dateStated: false });
    expect(r.transactions[0]!.occurredAt).toEqual(options.now);
    const jpy = map(args({ transactions: [{ ...tx, amount: '1200', currency: 'JPY' } as never] }), 'ramen 1200 yen');
    expect(jpy.transactions[0]!.amount).toEqual({ minor: 1200, currency: 'JPY' });
  });

  it('never takes an amount the message does not show', () => {
    expect(map(args(), 'dinner at luigi, loved it').transactions[0]!.amount).toBeNull();
    expect(map(args({ transactions: [{ ...tx, amount: '99' } as never] }), 'dinner 38').transactions[0]!.amount).toBeNull();
    // Written in words: accepted because the built-in parser reads the same amount.
    expect(map(args({ transactions: [{ ...tx, amount: '20' } as never] }), 'lunch twenty euros').transactions[0]!.amount).toEqual({ minor: 2000, currency: 'EUR' });
  });

  it('dates on the user\'s calendar; future dates are not believed; incomes drop expense fields', () => {
    const r = map(args({ transactions: [{ ...tx, date: '2025-03-12' }, { ...tx, date: '2030-01-01' }, { ...tx, kind: 'income', categoryCode: 'food', cognitiveTriggers: ['onSale'], incomeType: 'primary' }] as never }), 'dinner 38');
    expect(r.transactions[0]).toMatchObject({ occurredAt: new Date('2025-03-12T11:00:00Z'), dateStated: true });
    expect(r.transactions[1]).toMatchObject({ occurredAt: options.now, dateStated: false });
    expect(r.transactions[2]).toMatchObject({ kind: 'income', categoryCode: 'miscellaneousIncome', cognitiveTriggers: [], expenseType: null, incomeType: 'primary' });
  });

  it('a question keeps only the query; the period is computed locally', () => {
    const r = map(args({ intent: 'QUERY', transactions: [], query: { metric: 'totalSpent', kind: 'expense', categoryCode: 'food', mood: null, trigger: null, period: 'last month' } }), 'food last month?');
    expect(r.query).toMatchObject({ metric: 'totalSpent', categoryCode: 'food', period: { months: ['2025-02'], label: 'last month' } });
  });

  it('a correction keeps only grounded fields', () => {
    const r = map(args({ intent: 'CORRECT', transactions: [], correction: { amount: '300', currency: null, categoryCode: null, kind: null, mood: 'regretful', paymentMethod: null, title: null, date: null } }), 'actually it was 300');
    expect(r.correction).toEqual({ amount: { minor: 30000, currency: 'EUR' }, mood: 'regretful' });
  });
});
