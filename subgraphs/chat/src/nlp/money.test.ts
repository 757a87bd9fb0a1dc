import { describe, expect, it } from 'vitest';
import { findMoney, numeralToDecimal } from './money.ts';
import { normalize } from './text.ts';

const money = (text: string, baseCurrency = 'USD') => findMoney(normalize(text), text, { baseCurrency }).map((m) => m.amount);
const one = (text: string, baseCurrency = 'USD') => money(text, baseCurrency)[0] ?? null;

describe('money in its written forms', () => {
  it.each([
    ['$250', 25000, 'USD'],
    ['250 bucks', 25000, 'USD'],
    ['Rs. 1,499', 149900, 'INR'],
    ['Rs 350 auto', 35000, 'INR'],
    ['₹1499', 149900, 'INR'],
    ['€20', 2000, 'EUR'],
    ['20 EUR', 2000, 'EUR'],
    ['USD 3.14', 314, 'USD'],
    ['3,50 €', 350, 'EUR'],
    ['€1.234,50', 123450, 'EUR'],
    ['1,234.56 dollars', 123456, 'USD'],
    ['£7.99', 799, 'GBP'],
    ['45 quid', 4500, 'GBP'],
    ['99p', 99, 'GBP'],
    ['50 cents', 50, 'USD'],
    ['¥500', 500, 'JPY'],
    ['¥3,200', 3200, 'JPY'],
    ['5000 yen', 5000, 'JPY'],
    ['KWD 12.500', 12500, 'KWD'],
    ['₩15000', 15000, 'KRW'],
    ['A$30', 3000, 'AUD'],
    ['C$ 12', 1200, 'CAD'],
    ['60$', 6000, 'USD'],
    ['60 usd', 6000, 'USD'],
    ['CHF 25', 2500, 'CHF'],
  ])('Given "%s", when read, then it is %i minor units of %s', (text, minor, currency) => {
    expect(one(text)).toEqual({ minor, currency });
  });

  it.each([
    ['1.2k', 120000],
    ['$1.2k', 120000],
    ['8k', 800000],
    ['2 grand', 200000],
    ['2 lakh', 20000000],
  ])('Given the multiplier form "%s", when read, then the amount is scaled exactly', (text, minor) => {
    expect(one(text)).toEqual({ minor, currency: 'USD' });
  });

  it.each([
    ['twenty dollars', 2000, 'USD'],
    ['a hundred and fifty pounds', 15000, 'GBP'],
    ['three hundred dollars', 30000, 'USD'],
    ['twenty-five euros', 2500, 'EUR'],
    ['fifty bucks', 5000, 'USD'],
  ])('Given the words "%s", when read, then it is %i minor units of %s', (text, minor, currency) => {
    expect(one(text)).toEqual({ minor, currency });
  });

  it('Given no currency written, when read, then the base currency applies with its exponent', () => {
    expect(one('lunch 12.50', 'EUR')).toEqual({ minor: 1250, currency: 'EUR' });
    expect(one('ramen 1200', 'JPY')).toEqual({ minor: 1200, currency: 'JPY' });
  });

  it('Given a dollar sign and a Canadian base currency, when read, then it is Canadian dollars', () => {
    expect(one('$20', 'CAD')).toEqual({ minor: 2000, currency: 'CAD' });
    expect(one('$20', 'EUR')).toEqual({ minor: 2000, currency: 'USD' });
  });

  it('Given a minus sign, when read, then the magnitude is kept and the mention is flagged negative', () => {
    const [m] = findMoney(normalize('-45 coffee'), '-45 coffee', { baseCurrency: 'USD' });
    expect(m?.amount).toEqual({ minor: 4500, currency: 'USD' });
    expect(m?.negative).toBe(true);
  });

  it('Given a hedge, when read, then the amount is kept and flagged hedged', () => {
    const [m] = findMoney(normalize('around 60 for gas'), 'around 60 for gas', { baseCurrency: 'USD' });
    expect(m?.hedged).toBe(true);
  });

  it('Given an English word that is also an ISO code, when lower case, then it is not a currency', () => {
    expect(money('try 5 things')).toEqual([]);
    expect(one('5 TRY')).toEqual({ minor: 500, currency: 'TRY' });
  });
});

describe('numeral separators', () => {
  it.each([
    ['1,499', 2, '1499'],
    ['3,50', 2, '3.50'],
    ['1.500', 0, '1500'],
    ['1.500', 2, '1.500'],
    ['12.500', 3, '12.500'],
    ['1.234,56', 2, '1234.56'],
    ["1'499", 2, '1499'],
    ['0.125', 2, '0.125'],
  ])('Given "%s" in a currency of %i decimals, when read, then it is %s', (raw, exponent, expected) => {
    expect(numeralToDecimal(raw, exponent, 'USD')).toBe(expected);
  });

  it('Given a euro amount with a dot before three digits, when read, then the dot groups thousands', () => {
    expect(numeralToDecimal('1.500', 2, 'EUR')).toBe('1500');
  });
});

describe('never invents an amount', () => {
  it.each([
    'bought 3 shirts',
    'spent like 20-30 on snacks',
    'snacks for like 5 or 6 bucks',
    'between 20 and 30 dollars for a cab',
    "paid something for parking, can't remember how much",
    'coffee at 7pm',
    'gym 3 times this week',
    '$3.145 coffee',
    'only 2 left',
  ])('Given "%s", when read, then no amount is found', (text) => {
    expect(money(text).filter(Boolean)).toEqual([]);
  });

  it('Given a count before a priced item, when read, then only the price is an amount', () => {
    expect(money('2 movie tickets 28 dollars')).toEqual([{ minor: 2800, currency: 'USD' }]);
    expect(money('bought 2 coffees for 9.40')).toEqual([{ minor: 940, currency: 'USD' }]);
  });

  it('Given a time next to a price, when read, then only the price is an amount', () => {
    expect(money('Dinner at 7:30 with Jess, my share was $41')).toEqual([{ minor: 4100, currency: 'USD' }]);
  });
});
