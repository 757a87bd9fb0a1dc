// Whether a description is money in or money out, and for money in, its income category and type.
// "paid" alone is spending; "got paid", "paid me", "client paid", "tenant paid" are income. Cues are
// scored, so "spent the bonus on a TV" (spent + bonus) still reads as an expense: spending verbs
// count more than income nouns that can be spent.

import type { IncomeCategoryCode, IncomeType } from '@expensio/events';
import { createPhraseMatcher, type PhraseMatch } from './text.ts';

const INCOME_LEXICON: Readonly<Record<IncomeCategoryCode, readonly string[]>> = {
  salaryWages: ['salary', 'paycheck', 'pay check', 'payslip', 'wage', 'wages', 'payroll', 'got paid', 'bonus', 'overtime', 'from work', 'pay day', 'payday', 'my pay', 'net pay'],
  businessIncome: ['sales', 'revenue', 'my shop', 'my store', 'my business', 'customers', 'customer paid', 'etsy', 'shopify', 'orders came in'],
  freelanceContractIncome: ['freelance', 'freelancing', 'gig', 'client', 'invoice', 'consulting', 'consultancy', 'contract work', 'contractor', 'upwork', 'fiverr'],
  investmentIncome: ['dividend', 'dividends', 'interest', 'capital gains', 'stock gains', 'crypto gains', 'coupon payment', 'staking rewards'],
  rentalIncome: ['tenant', 'tenants', 'rental income', 'rent from', 'rent came in', 'airbnb guests', 'lodger'],
  retirementIncome: ['pension', 'annuity', '401k withdrawal', 'social security'],
  governmentBenefits: ['unemployment', 'benefit', 'benefits', 'welfare', 'disability', 'stimulus', 'child benefit', 'universal credit', 'food stamps', 'snap'],
  alimonyAndChildSupport: ['alimony', 'child support', 'spousal support', 'maintenance payment'],
  royalties: ['royalty', 'royalties'],
  grantsAndScholarships: ['scholarship', 'grant', 'stipend', 'bursary', 'fellowship'],
  inheritanceAndGifts: ['inheritance', 'inherited', 'birthday money', 'sent me', 'gave me', 'gift from', 'from grandma', 'from my grandma', 'from mom', 'from my mom', 'from dad', 'from my dad', 'from my parents', 'grandma', 'grandpa'],
  commissions: ['commission', 'commissions'],
  sideHustles: ['side hustle', 'side gig', 'tutoring', 'dog walking', 'driving for uber', 'driving for lyft', 'delivering for', 'doordash driving', 'survey', 'surveys', 'babysitting', 'odd job', 'tips', 'pet sitting', 'house sitting', 'mturk'],
  prizesAndAwards: ['won', 'prize', 'raffle', 'lottery', 'jackpot', 'award', 'contest', 'competition', 'quiz', 'sweepstakes', 'bet', 'winnings'],
  miscellaneousIncome: ['sold', 'selling', 'refund', 'tax refund', 'cashback', 'cash back', 'reimbursed', 'reimbursement', 'found', 'paid back', 'paid me back', 'deposit back'],
};

// Words that say money came in without saying where from; they decide the kind, not the category.
const INCOME_VERBS = ['got paid', 'paid me', 'paid us', 'received', 'receive', 'earned', 'earn', 'made', 'got', 'came in', 'credited', 'arrived', 'deposited into my account', 'income', 'paid back', 'sent me', 'gave me', 'transferred me', 'won', 'sold', 'client paid', 'tenant paid', 'customer paid'];
const EXPENSE_VERBS = ['spent', 'spend', 'paid', 'pay', 'bought', 'buy', 'purchased', 'ordered', 'cost', 'costs', 'cost me', 'charged', 'set me back', 'gave', 'donated', 'put', 'tipped', 'splurged', 'got a', 'got some', 'got him', 'got her', 'got his', 'grabbed', 'renewed', 'for a', 'for the', 'bill', 'fee', 'fees'];

const matchIncomeItems = createPhraseMatcher(Object.entries(INCOME_LEXICON).flatMap(([code, ps]) => ps.map((p): [string, string] => [p, code])), { plurals: false });
const matchIncomeVerbs = createPhraseMatcher(INCOME_VERBS.map((p): [string, true] => [p, true]), { plurals: false });
const matchExpenseVerbs = createPhraseMatcher(EXPENSE_VERBS.map((p): [string, true] => [p, true]), { plurals: false });

/** Income-source phrases in a normalised text ("salary", "tenant", "dividends"). */
export const incomeCategoryHits = (text: string): PhraseMatch<string>[] => matchIncomeItems(text);

export interface KindEvidence {
  readonly kind: 'expense' | 'income';
  /** Some word said which (false: expense by default). */
  readonly stated: boolean;
  readonly incomeHits: readonly PhraseMatch<string>[];
}

/** Income categories where the noun alone says money came in ("salary 3000", "dividends 42"). */
const SELF_EVIDENT = new Set<string>(['salaryWages', 'investmentIncome', 'rentalIncome', 'retirementIncome', 'governmentBenefits', 'alimonyAndChildSupport', 'royalties', 'grantsAndScholarships', 'commissions', 'prizesAndAwards']);

export function kindOf(text: string): KindEvidence {
  const incomeHits = matchIncomeItems(text);
  const incomeVerbs = matchIncomeVerbs(text);
  // An expense verb inside an income phrase ("got paid", "paid me") is not an expense verb.
  const expenseVerbs = matchExpenseVerbs(text).filter((e) => !incomeVerbs.some((i) => i.start <= e.start && e.end <= i.end && i.text !== e.text));
  const strongItems = incomeHits.filter((h) => SELF_EVIDENT.has(h.value) || /^(got paid|paid me|gave me|sent me|sold|won|sales|revenue|tips|winnings)$/.test(h.text));
  const income = incomeVerbs.length * 1.0 + strongItems.length * 1.2 + (incomeHits.length - strongItems.length) * 0.3;
  const expense = expenseVerbs.length * 1.1;
  if (income > expense && (incomeVerbs.length > 0 || strongItems.length > 0)) return { kind: 'income', stated: true, incomeHits };
  return { kind: 'expense', stated: expense > 0 || incomeHits.length === 0, incomeHits };
}

/** The income category most hits point to (later, more specific phrases break ties); default miscellaneousIncome. */
export function incomeCategoryOf(hits: readonly PhraseMatch<string>[]): { code: string; found: boolean } {
  const totals = new Map<string, number>();
  for (const h of hits) totals.set(h.value, (totals.get(h.value) ?? 0) + 1 + 0.1 * h.text.split(' ').length);
  let best: [string, number] | null = null;
  for (const entry of totals) if (!best || entry[1] > best[1]) best = entry;
  return best ? { code: best[0], found: true } : { code: 'miscellaneousIncome', found: false };
}

const SETTLEMENT = /\b(?:settlement|compensation|payout|severance|back pay|insurance claim|lawsuit|damages)\b/;

/**
 * primary: the main living (wages, pension); settlement: a one-off award or payout; secondary: any
 * other known source; unknown when the source is unknown.
 */
export function incomeTypeOf(categoryCode: string, text: string): IncomeType {
  if (SETTLEMENT.test(text)) return 'settlement';
  if (categoryCode === 'salaryWages' || categoryCode === 'retirementIncome') return 'primary';
  if (categoryCode === 'miscellaneousIncome') return 'unknown';
  return 'secondary';
}
