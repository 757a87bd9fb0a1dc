// Mood, cognitive triggers, payment method and expense type from the words people use. Each is a
// phrase table; the longest phrase wins where two overlap, which is how negations work: "not worth
// it" (regretful) hides "worth it" (happy), "no regrets" (happy) hides "regret".

import type { CognitiveTrigger, ExpenseType, Mood, PaymentMethod } from '@expensio/events';
import { createPhraseMatcher, type PhraseMatch } from './text.ts';

const MOOD_CUES: readonly (readonly [string, Mood])[] = [
  ...['ugh', 'ugh why', 'regret', 'regretted', 'regretting', 'i regret it', "shouldn't have", 'should not have', 'should have skipped',
    'waste of money', 'wasted', 'ripped off', 'rip off', 'rip-off', 'overpriced', 'too expensive', 'way too much', 'sigh', 'damn',
    'dammit', 'ouch', 'oof', 'set me back', 'painful', 'hurts', 'not worth it', "wasn't worth it", 'why did i', 'stupid', 'annoying',
    'annoyed', 'gutted', 'ugh.', 'meh', 'bummer', 'sucks', 'not happy', 'disappointed', 'disappointing', 'ugh!', 'yikes', 'smh',
    '😩', '😭', '😞', '😢', '🤦', '😤', '🙄', '💸']
    .map((p) => [p, 'regretful'] as const),
  ...['worth it', 'so worth it', 'totally worth it', 'worth every penny', 'love it', 'loved it', 'love them', 'loving it', 'finally',
    'yay', 'awesome', 'amazing', 'great deal', 'happy', 'so happy', 'excited', 'no regrets', 'no regret', 'treated myself',
    'treat myself', 'deserved it', 'best', 'delicious', 'so good', 'fun', 'enjoyed', 'lovely', 'woohoo', 'glad', 'stoked',
    'thrilled', 'great', 'perfect', '😊', '😍', '🎉', '😀', '🥳', '❤️', '🙌', ':)']
    .map((p) => [p, 'happy'] as const),
  ...['fine', 'whatever', 'as expected', 'nothing special', 'okay i guess'].map((p) => [p, 'neutral'] as const),
];

const TRIGGER_CUES: readonly (readonly [string, CognitiveTrigger])[] = [
  ...["couldn't resist", 'could not resist', "couldn't help it", 'impulse', 'impulse buy', 'on impulse', 'on a whim', 'spur of the moment',
    'unplanned', "didn't plan", 'just had to have', 'saw it and bought it', 'random purchase']
    .map((p) => [p, 'impulseBuying'] as const),
  ...['everyone was going', 'everyone was', 'everyone has', 'everyone has one', 'everybody', 'everyone', 'all my friends',
    'my friends were', 'friends convinced me', 'peer pressure', 'recommended', 'recommendation', 'influencer', 'tiktok made me',
    'instagram made me', 'saw it on tiktok', 'keeping up', 'the team was going', 'coworkers']
    .map((p) => [p, 'socialInfluence'] as const),
  ...['treated myself', 'treat myself', 'treat yourself', 'retail therapy', 'bad day', 'terrible day', 'rough day', 'awful day',
    'stressed', 'stress', 'stressful', 'sad', 'bored', 'boredom', 'feeling down', 'felt down', 'lonely', 'cheer myself up',
    'cheer me up', 'comfort food', 'shopping spree', 'needed a pick-me-up', 'anxious', 'heartbroken', 'breakup']
    .map((p) => [p, 'emotionalSpending'] as const),
  ...['limited edition', 'limited time', 'last one', 'only 1 left', 'only one left', 'only 2 left', 'only two left', 'only a few left',
    'flash sale', 'selling out', 'sold out soon', 'before it sold out', "before it's gone", 'fomo', 'exclusive drop', 'last chance',
    'one day only', 'while stocks last']
    .map((p) => [p, 'scarcityPerception'] as const),
  ...['designer', 'luxury', 'rolex', 'gucci', 'louis vuitton', 'first class', 'business class', 'to impress', 'show off',
    'showing off', 'look the part', 'vip', 'status', 'flex', 'bottle service']
    .map((p) => [p, 'statusSeeking'] as const),
  ...['on sale', 'sale', 'discount', 'discounted', 'deal', 'good deal', 'great deal', 'coupon', 'voucher', 'cashback', 'points',
    'reward points', 'rewards', 'bogo', 'buy one get one', 'half price', 'half off', '% off', 'bargain', 'promo', 'promo code',
    'clearance', 'black friday', 'cyber monday', 'free shipping']
    .map((p) => [p, 'rewardSeeking'] as const),
  ...['as usual', 'usual', 'like always', 'as always', 'every day', 'every morning', 'every week', 'every friday', 'daily',
    'routine', 'my regular', 'habit', 'the usual']
    .map((p) => [p, 'habitualPurchasing'] as const),
  ...['too tired to cook', 'too tired', 'too lazy', 'lazy', 'convenient', 'convenience', "couldn't be bothered", 'quicker',
    'easier', 'saves time', 'no time to cook', 'in a hurry', 'in a rush', 'running late']
    .map((p) => [p, 'convenience'] as const),
  ...['curious', 'curiosity', 'wanted to try', 'to try', 'tried', 'trying out', 'try out', 'first time', 'new place',
    'never had', 'wanted to see', 'new thing', 'experiment']
    .map((p) => [p, 'curiosity'] as const),
  ...['my style', 'who i am', 'my identity', 'my aesthetic', 'fits my vibe', 'as a gamer', 'as a runner', 'as a photographer',
    "that's me", 'true to myself']
    .map((p) => [p, 'selfIdentity'] as const),
  ...['guilt', 'guilty', 'guilt trip', 'make up for', 'making up for', 'apology', 'to apologize', 'to apologise', 'after the fight',
    'felt bad', 'sorry gift']
    .map((p) => [p, 'guiltAvoidance'] as const),
  ...['obligated', 'felt obligated', 'obliged', 'expected to', 'duty', "couldn't say no", 'had to chip in', 'chipped in',
    'office collection', 'it was expected']
    .map((p) => [p, 'obligation'] as const),
  ...['as a kid', 'childhood', 'nostalgia', 'nostalgic', 'reminds me of', 'reminded me of', 'old times', 'retro',
    'back in the day', 'growing up', 'the good old days']
    .map((p) => [p, 'nostalgia'] as const),
  ...['bonus is coming', 'bonus coming', 'payday is', 'payday tomorrow', 'getting paid soon', 'will get paid', 'raise coming',
    'expecting money', 'tax refund coming', 'money is coming']
    .map((p) => [p, 'financialOptimism'] as const),
  ...['since i already', 'already bought', 'to match', 'to go with', 'might as well', 'to complete the set', 'matching']
    .map((p) => [p, 'cognitiveDissonance'] as const),
];

const PAYMENT_CUES: readonly (readonly [string, PaymentMethod | 'none'])[] = [
  ...['cash', 'in cash', 'paid cash', 'paid in cash', 'cash only'].map((p) => [p, 'cash'] as const),
  // Cards that are things bought or paid off, not a way to pay: they hide the "card" cue.
  ...['birthday card', 'gift card', 'greeting card', 'sim card', 'metro card', 'credit card payment', 'credit card bill',
    'memory card', 'card game', 'cashback', 'cash back'].map((p) => [p, 'none'] as const),
  ...['credit card', 'credit', 'on my card', 'on the card', 'by card', 'with my card', 'card', 'visa', 'mastercard', 'amex',
    'american express', 'discover card', 'cc'].map((p) => [p, 'credit_card'] as const),
  ...['debit card', 'debit', 'debit card payment', 'interac', 'rupay', 'eftpos', 'maestro'].map((p) => [p, 'debit_card'] as const),
  ...['venmo', 'paypal', 'zelle', 'upi', 'gpay', 'google pay', 'apple pay', 'samsung pay', 'cash app', 'cashapp', 'paytm',
    'phonepe', 'bank transfer', 'wire transfer', 'e-transfer', 'transfer', 'online', 'paid online', 'revolut', 'wise', 'bizum',
    'pix', 'mobile wallet', 'wallet app', 'alipay', 'wechat pay'].map((p) => [p, 'online_payment'] as const),
];

const EXPENSE_TYPE_CUES: readonly (readonly [string, ExpenseType])[] = [
  ...['had to', 'needed', 'need', 'essential', 'necessary', 'must', 'mandatory', 'unavoidable'].map((p) => [p, 'necessity'] as const),
  ...['treat', 'treated myself', 'splurge', 'splurged', 'luxury', 'fancy', 'indulge', 'indulged', 'designer', 'rolex', 'spa',
    'first class', 'just because'].map((p) => [p, 'luxury'] as const),
  ...['invest', 'invested', 'investing', 'investment', 'index fund', 'stocks', 'etf', 'crypto', 'course', 'certification']
    .map((p) => [p, 'investment'] as const),
  ...['savings', 'saving', 'emergency fund', 'rainy day fund', 'put aside', 'set aside'].map((p) => [p, 'saving'] as const),
];

const matchMood = createPhraseMatcher(MOOD_CUES, { plurals: false });
const matchTriggers = createPhraseMatcher(TRIGGER_CUES, { plurals: false });
const matchPayment = createPhraseMatcher(PAYMENT_CUES, { plurals: false });
const matchExpenseType = createPhraseMatcher(EXPENSE_TYPE_CUES, { plurals: false });

export const moodCues = (text: string): PhraseMatch<Mood>[] => matchMood(text);
export const triggerCues = (text: string): PhraseMatch<CognitiveTrigger>[] => matchTriggers(text);
export const paymentCues = (text: string): PhraseMatch<PaymentMethod>[] =>
  matchPayment(text).filter((m): m is PhraseMatch<PaymentMethod> => m.value !== 'none');
export const expenseTypeCues = (text: string): PhraseMatch<ExpenseType>[] => matchExpenseType(text);

/** The mood most cues point to; null when none or when they tie (mixed feelings are not a mood). */
export function moodOf(cues: readonly PhraseMatch<Mood>[]): Mood | null {
  const counts = new Map<Mood, number>();
  for (const c of cues) counts.set(c.value, (counts.get(c.value) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  if (!ranked[0] || (ranked[1] && ranked[1][1] === ranked[0][1])) return null;
  return ranked[0][0];
}

/** Distinct triggers in the order they were written. */
export const triggersOf = (cues: readonly PhraseMatch<CognitiveTrigger>[]): CognitiveTrigger[] => [...new Set(cues.map((c) => c.value))];

/** The payment method named last (people correct themselves: "card, no, cash"), or null. */
export const paymentOf = (cues: readonly PhraseMatch<PaymentMethod>[]): PaymentMethod | null => cues[cues.length - 1]?.value ?? null;
