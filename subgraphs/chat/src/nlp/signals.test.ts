import { describe, expect, it } from 'vitest';
import { parse } from './testSupport.ts';

const first = (text: string) => parse(text).transactions[0];

describe('mood', () => {
  it.each([
    ['phone screen $250, ugh', 'regretful'],
    ['massage 90, so worth it', 'happy'],
    ['takeout 28, I regret it', 'regretful'],
    ['finally bought the desk, $480', 'happy'],
    ['concert 80, no regrets', 'happy'],
    ['gadget 80, not worth it', 'regretful'],
    ['groceries 40', null],
  ])('Given "%s", when parsed, then the mood is %s', (text, mood) => {
    expect(first(text)?.mood ?? null).toBe(mood);
  });
});

describe('cognitive triggers', () => {
  it.each([
    ['sneakers on sale $120', ['rewardSeeking']],
    ['concert 85, everyone was going', ['socialInfluence']],
    ['new laptop 1.2k, treated myself', ['emotionalSpending']],
    ["couldn't resist the chocolate 5", ['impulseBuying']],
    ['coffee 4 as usual', ['habitualPurchasing']],
    ['limited edition vinyl 45', ['scarcityPerception']],
    ['doordash 30, too tired to cook', ['convenience']],
    ['wedding gift 100, felt obligated', ['obligation']],
    ['retro console 90, had one as a kid', ['nostalgia']],
    ['groceries 40', []],
  ])('Given "%s", when parsed, then the triggers are %j', (text, triggers) => {
    expect(first(text)?.cognitiveTriggers).toEqual(triggers);
  });
});

describe('payment method', () => {
  it.each([
    ['haircut 30 paid cash', 'cash'],
    ['gym $49.99 on my card', 'credit_card'],
    ['groceries £54 by debit card', 'debit_card'],
    ['sent 25 on venmo for pizza', 'online_payment'],
    ['birthday card 5', null],
    ['lunch 12', null],
  ])('Given "%s", when parsed, then the payment method is %s', (text, method) => {
    expect(first(text)?.paymentMethod ?? null).toBe(method);
  });
});

describe('expense type', () => {
  it.each([
    ['rent 1850', 'necessity'],
    ['groceries 60', 'necessity'],
    ['netflix 15.49', 'luxury'],
    ['put 200 into savings', 'saving'],
    ['invested 500 in index funds', 'investment'],
    ['lunch 12', null],
  ])('Given "%s", when parsed, then the expense type is %s', (text, type) => {
    expect(first(text)?.expenseType ?? null).toBe(type);
  });
});
