import { describe, expect, it } from 'vitest';
import { MAX_LEARNED_WORDS, contentWords, learnFromCorrection } from './learned.ts';
import { parse } from './testSupport.ts';

describe('learning from corrections', () => {
  it('Given a correction, when learned, then the content words map to the category and the input is untouched', () => {
    const before = { tea: 'food' };
    const after = learnFromCorrection(before, 'zumba class 20 yesterday', 'personalCare');
    expect(after).toEqual({ tea: 'food', zumba: 'personalCare', class: 'personalCare' });
    expect(before).toEqual({ tea: 'food' });
  });

  it('Given stop words, numbers and dates, when content words are taken, then only the description is left', () => {
    expect(contentWords('I spent $20 on the Zumba classes yesterday')).toEqual(['zumba', 'class']);
  });

  it('Given a learned word, when a message uses it, then it beats the built-in lexicon', () => {
    expect(parse('coffee 4').transactions[0]?.categoryCode).toBe('food');
    const learned = learnFromCorrection({}, 'coffee', 'entertainmentAndRecreation');
    expect(parse('coffee 4', { learned }).transactions[0]?.categoryCode).toBe('entertainmentAndRecreation');
  });

  it('Given an unknown word the user taught, when used again, then it is recognised as that category', () => {
    expect(parse('zumba 20').transactions[0]?.categoryCode).toBe('miscellaneous');
    const learned = learnFromCorrection({}, 'zumba 20', 'personalCare');
    expect(parse('zumba 20', { learned }).transactions[0]?.categoryCode).toBe('personalCare');
  });

  it('Given more words than the cap, when learned, then the oldest are dropped', () => {
    let learned = {};
    const letters = (i: number) => i.toString(26).split('').map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    for (let i = 0; i < MAX_LEARNED_WORDS + 5; i++) learned = learnFromCorrection(learned, `item${letters(i)}q`, 'food');
    expect(Object.keys(learned)).toHaveLength(MAX_LEARNED_WORDS);
  });
});
