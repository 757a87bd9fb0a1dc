import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from './parseTransaction.ts';
import { localDate, NOW, parse } from './testSupport.ts';

describe('parseTransaction', () => {
  it('Given the example message, when parsed, then every field is read', () => {
    const { intent, transactions } = parse('had to replace my phone screen, set me back $250, ugh');
    expect(intent).toBe('ADD_TRANSACTION');
    expect(transactions).toHaveLength(1);
    const [t] = transactions;
    expect(t).toMatchObject({
      kind: 'expense',
      title: 'Replace my phone screen',
      amount: { minor: 25000, currency: 'USD' },
      categoryCode: 'miscellaneous',
      mood: 'regretful',
      expenseType: 'necessity',
      incomeType: null,
      dateStated: false,
    });
    expect(t?.occurredAt).toEqual(NOW);
  });

  it('Given several items, when parsed, then each is its own transaction with its own category', () => {
    const { transactions } = parse('lunch 12€ and a taxi 20€');
    expect(transactions.map((t) => [t.title, t.amount?.minor, t.amount?.currency, t.categoryCode])).toEqual([
      ['Lunch', 1200, 'EUR', 'food'],
      ['Taxi', 2000, 'EUR', 'transportation'],
    ]);
  });

  it('Given a shared date and remark at the end, when several items are parsed, then each gets them', () => {
    const { transactions } = parse('taxi 25€, dinner 48€ and museum 15€ yesterday, ugh');
    expect(transactions.map((t) => [localDate(t.occurredAt), t.mood])).toEqual([
      ['2026-03-17', 'regretful'],
      ['2026-03-17', 'regretful'],
      ['2026-03-17', 'regretful'],
    ]);
  });

  it('Given a written past date, when parsed, then occurredAt is local noon of that day', () => {
    const [t] = parse('vet bill for Max was $320 last Friday').transactions;
    expect(t?.occurredAt.toISOString()).toBe('2026-03-13T19:00:00.000Z'); // noon PDT
    expect([t?.title, t?.categoryCode, t?.dateStated]).toEqual(['Vet bill for Max', 'pets', true]);
  });

  it.each([
    ['got paid 3,200 today', 'salaryWages', 'primary'],
    ['freelance gig paid me $600', 'freelanceContractIncome', 'secondary'],
    ['sold my bike for 200', 'miscellaneousIncome', 'unknown'],
    ['tenant paid rent 1,400', 'rentalIncome', 'secondary'],
    ['dividends 42.10 from vanguard', 'investmentIncome', 'secondary'],
    ['insurance settlement of 5,000 came in', 'miscellaneousIncome', 'settlement'],
  ])('Given the income "%s", when parsed, then it is income in %s of type %s', (text, category, type) => {
    const [t] = parse(text).transactions;
    expect([t?.kind, t?.categoryCode, t?.incomeType, t?.expenseType, t?.cognitiveTriggers]).toEqual(['income', category, type, null, []]);
  });

  it('Given an income and an expense in one message, when parsed, then each keeps its kind', () => {
    expect(parse('got paid 450 and spent 60 on groceries').transactions.map((t) => [t.kind, t.categoryCode])).toEqual([
      ['income', 'salaryWages'],
      ['expense', 'food'],
    ]);
  });

  it.each([
    ['Uber to the airport 35 bucks', 'transportation'],
    ['uber eats 28', 'food'],
    ['gas bill 60', 'utilities'],
    ['gas for the car 45', 'transportation'],
    ['netflix 15.49', 'entertainmentAndRecreation'],
    ['rent 1850', 'housing'],
    ['vet 85', 'pets'],
    ['pharmacy 23.80', 'healthAndMedical'],
    ['health insurance 300', 'healthAndMedical'],
    ['car insurance 210', 'insurance'],
    ['credit card payment 500', 'debtRepayment'],
    ['daycare 900', 'educationAndChildcare'],
    ['haircut 30', 'personalCare'],
    ['donated 50 to the red cross', 'giftsAndDonations'],
    ['put 200 into savings', 'savingsAndInvestments'],
    ['passport renewal 130', 'miscellaneous'],
  ])('Given "%s", when categorised, then it is %s', (text, category) => {
    expect(parse(text).transactions[0]?.categoryCode).toBe(category);
  });

  describe('never invents an amount', () => {
    it.each(['bought 3 shirts', 'coffee this morning', 'spent like 20-30 on snacks', "paid something for parking, can't remember how much", 'lunch on the 3rd'])(
      'Given "%s", when parsed, then the transaction has no amount',
      (text) => {
        const { intent, transactions } = parse(text);
        expect(intent).toBe('ADD_TRANSACTION');
        expect(transactions.map((t) => t.amount)).toEqual([null]);
      },
    );

    it('Given no amount, when confidence is computed, then it is lower than with one', () => {
      const without = parse('bought groceries').transactions[0]?.confidence ?? 1;
      const withAmount = parse('bought groceries $40').transactions[0]?.confidence ?? 0;
      expect(without).toBeLessThan(withAmount);
      expect(withAmount).toBeLessThanOrEqual(1);
      expect(without).toBeGreaterThan(0);
    });
  });

  it('Given the same input twice, when parsed, then the results are equal (pure and deterministic)', () => {
    expect(parse('lunch 12€ and a taxi 20€ yesterday')).toEqual(parse('lunch 12€ and a taxi 20€ yesterday'));
  });

  it('Given a message over the limit, when parsed, then only the first characters are read', () => {
    const { transactions } = parse(`lunch 12 ${'x'.repeat(MAX_MESSAGE_LENGTH)} taxi 20`);
    expect(transactions.map((t) => t.amount?.minor)).toEqual([1200]);
  });

  it('Given a different base currency, when no currency is written, then it is used', () => {
    expect(parse('lunch 250', { baseCurrency: 'inr' }).transactions[0]?.amount).toEqual({ minor: 25000, currency: 'INR' });
  });
});
