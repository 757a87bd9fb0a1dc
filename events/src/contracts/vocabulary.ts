// The domain vocabulary of DESIGN.md ("Domain vocabulary"), as the codes stored and carried in
// events. The GraphQL layer maps them to SCREAMING_SNAKE enums at the edge; everything behind it
// (stores, events, handlers) uses these codes. Append only: consumers persist these values.

/** Built-in expense category codes. Users may add their own, so a category code in an event is any
 * non-empty string; these are the ones every installation has. */
export const EXPENSE_CATEGORY_CODES = [
  'housing',
  'utilities',
  'transportation',
  'food',
  'healthAndMedical',
  'insurance',
  'debtRepayment',
  'educationAndChildcare',
  'personalCare',
  'entertainmentAndRecreation',
  'savingsAndInvestments',
  'giftsAndDonations',
  'pets',
  'miscellaneous',
] as const;
export type ExpenseCategoryCode = (typeof EXPENSE_CATEGORY_CODES)[number];

/** Built-in income category codes (users may add their own, as for expenses). */
export const INCOME_CATEGORY_CODES = [
  'salaryWages',
  'businessIncome',
  'freelanceContractIncome',
  'investmentIncome',
  'rentalIncome',
  'retirementIncome',
  'governmentBenefits',
  'alimonyAndChildSupport',
  'royalties',
  'grantsAndScholarships',
  'inheritanceAndGifts',
  'commissions',
  'sideHustles',
  'prizesAndAwards',
  'miscellaneousIncome',
] as const;
export type IncomeCategoryCode = (typeof INCOME_CATEGORY_CODES)[number];

export const COGNITIVE_TRIGGERS = [
  'impulseBuying',
  'socialInfluence',
  'emotionalSpending',
  'scarcityPerception',
  'statusSeeking',
  'rewardSeeking',
  'habitualPurchasing',
  'convenience',
  'curiosity',
  'selfIdentity',
  'guiltAvoidance',
  'obligation',
  'nostalgia',
  'financialOptimism',
  'cognitiveDissonance',
] as const;
export type CognitiveTrigger = (typeof COGNITIVE_TRIGGERS)[number];

export const MOODS = ['happy', 'neutral', 'regretful'] as const;
export type Mood = (typeof MOODS)[number];

export const EXPENSE_TYPES = ['necessity', 'luxury', 'investment', 'saving'] as const;
export type ExpenseType = (typeof EXPENSE_TYPES)[number];

export const PAYMENT_METHODS = [
  'cash',
  'credit_card',
  'debit_card',
  'online_payment',
  'unknown',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const INCOME_TYPES = ['primary', 'secondary', 'settlement', 'unknown'] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

/** The services of the runtime topology; they name event sources, saga participants and consumer
 * groups (`<service>.<purpose>`). */
export const SERVICE_NAMES = [
  'user',
  'expense',
  'income',
  'financial-data',
  'dashboard',
  'chat',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
