// What the forms show for the built-in codes of DESIGN.md: names, descriptions, colors, icons.
import type { CognitiveTrigger, ExpenseCategoryCode, Mood } from '@expensio/events';
import type { CategoryInfo } from '@expensio/kit';

export const BUILT_IN_CATEGORIES: readonly (CategoryInfo & { code: ExpenseCategoryCode })[] = [
  { code: 'housing', name: 'Housing', description: 'Rent, mortgage, property tax, repairs and upkeep', color: '#8e5a3c', icon: 'home' },
  { code: 'utilities', name: 'Utilities', description: 'Electricity, water, gas, internet, phone', color: '#f2b134', icon: 'bolt' },
  { code: 'transportation', name: 'Transportation', description: 'Fuel, vehicle upkeep, public transit, taxis, parking', color: '#3c78d8', icon: 'car' },
  { code: 'food', name: 'Food', description: 'Groceries, eating out, delivery', color: '#e06666', icon: 'utensils' },
  { code: 'healthAndMedical', name: 'Health and medical', description: 'Doctors, dentists, medicines, health insurance, vision care', color: '#6aa84f', icon: 'heart-pulse' },
  { code: 'insurance', name: 'Insurance', description: 'Life, car, home and other insurance', color: '#45818e', icon: 'shield' },
  { code: 'debtRepayment', name: 'Debt repayment', description: 'Credit cards, loans, other debts', color: '#990000', icon: 'credit-card' },
  { code: 'educationAndChildcare', name: 'Education and childcare', description: 'Tuition, school supplies, childcare, after-school programs', color: '#674ea7', icon: 'graduation-cap' },
  { code: 'personalCare', name: 'Personal care', description: 'Grooming, clothing, gym memberships', color: '#c27ba0', icon: 'spa' },
  { code: 'entertainmentAndRecreation', name: 'Entertainment and recreation', description: 'Movies, concerts, hobbies, vacations', color: '#f6b26b', icon: 'ticket' },
  { code: 'savingsAndInvestments', name: 'Savings and investments', description: 'Savings, retirement and investment contributions', color: '#38761d', icon: 'piggy-bank' },
  { code: 'giftsAndDonations', name: 'Gifts and donations', description: 'Presents, charity', color: '#e69138', icon: 'gift' },
  { code: 'pets', name: 'Pets', description: 'Pet food, grooming, vets', color: '#b45f06', icon: 'paw' },
  { code: 'miscellaneous', name: 'Miscellaneous', description: 'Anything else', color: '#999999', icon: 'ellipsis' },
];

export const TRIGGER_INFO: readonly { trigger: CognitiveTrigger; name: string; description: string }[] = [
  { trigger: 'impulseBuying', name: 'Impulse buying', description: 'A sudden, unplanned urge to buy' },
  { trigger: 'socialInfluence', name: 'Social influence', description: 'Peers, recommendations, what everyone does' },
  { trigger: 'emotionalSpending', name: 'Emotional spending', description: 'Soothing stress, boredom or sadness' },
  { trigger: 'scarcityPerception', name: 'Scarcity perception', description: 'Fear of missing a limited offer' },
  { trigger: 'statusSeeking', name: 'Status seeking', description: 'Signalling wealth or status' },
  { trigger: 'rewardSeeking', name: 'Reward seeking', description: 'Discounts, points, rewards' },
  { trigger: 'habitualPurchasing', name: 'Habitual purchasing', description: 'Routine: "as usual"' },
  { trigger: 'convenience', name: 'Convenience', description: 'Ease, even at a higher cost' },
  { trigger: 'curiosity', name: 'Curiosity', description: 'Trying something new' },
  { trigger: 'selfIdentity', name: 'Self-identity', description: 'How one sees or presents oneself' },
  { trigger: 'guiltAvoidance', name: 'Guilt avoidance', description: 'Easing a feeling of guilt' },
  { trigger: 'obligation', name: 'Obligation', description: 'A social or moral duty' },
  { trigger: 'nostalgia', name: 'Nostalgia', description: 'Memories of the past' },
  { trigger: 'financialOptimism', name: 'Financial optimism', description: 'Counting on money to come' },
  { trigger: 'cognitiveDissonance', name: 'Cognitive dissonance', description: 'Justifying an earlier purchase by spending more' },
];

export const MOOD_INFO: readonly { mood: Mood; name: string; description: string }[] = [
  { mood: 'happy', name: 'Happy', description: 'Glad you spent it: worth it' },
  { mood: 'neutral', name: 'Neutral', description: 'Neither good nor bad: it had to be done' },
  { mood: 'regretful', name: 'Regretful', description: 'You wish you had not' },
];
