// What the forms show for the built-in income codes of DESIGN.md: names, descriptions, colors, icons.
import type { IncomeCategoryCode, IncomeType } from '@expensio/events';
import type { CategoryInfo } from '@expensio/kit';

export const BUILT_IN_CATEGORIES: readonly (CategoryInfo & { code: IncomeCategoryCode })[] = [
  { code: 'salaryWages', name: 'Salary and wages', description: 'Pay from an employer: salary, wages, bonuses', color: '#38761d', icon: 'briefcase' },
  { code: 'businessIncome', name: 'Business income', description: 'Profit from a business you own', color: '#0b5394', icon: 'building' },
  { code: 'freelanceContractIncome', name: 'Freelance and contract income', description: 'Fees for freelance work and contracts', color: '#3c78d8', icon: 'laptop' },
  { code: 'investmentIncome', name: 'Investment income', description: 'Dividends, interest, capital gains', color: '#6aa84f', icon: 'chart-line' },
  { code: 'rentalIncome', name: 'Rental income', description: 'Rent from property you let', color: '#8e5a3c', icon: 'home' },
  { code: 'retirementIncome', name: 'Retirement income', description: 'Pensions and retirement account payouts', color: '#674ea7', icon: 'umbrella' },
  { code: 'governmentBenefits', name: 'Government benefits', description: 'Unemployment, disability and other public benefits', color: '#45818e', icon: 'landmark' },
  { code: 'alimonyAndChildSupport', name: 'Alimony and child support', description: 'Support payments received', color: '#c27ba0', icon: 'people' },
  { code: 'royalties', name: 'Royalties', description: 'Royalties from books, music, patents and other work', color: '#f1c232', icon: 'music' },
  { code: 'grantsAndScholarships', name: 'Grants and scholarships', description: 'Grants, scholarships, fellowships', color: '#e69138', icon: 'graduation-cap' },
  { code: 'inheritanceAndGifts', name: 'Inheritance and gifts', description: 'Money inherited or given to you', color: '#e06666', icon: 'gift' },
  { code: 'commissions', name: 'Commissions', description: 'Commissions on sales', color: '#b45f06', icon: 'percent' },
  { code: 'sideHustles', name: 'Side hustles', description: 'Income from side projects and gigs', color: '#f6b26b', icon: 'rocket' },
  { code: 'prizesAndAwards', name: 'Prizes and awards', description: 'Prizes, awards, winnings', color: '#ffd966', icon: 'trophy' },
  { code: 'miscellaneousIncome', name: 'Miscellaneous income', description: 'Anything else', color: '#999999', icon: 'ellipsis' },
];

export const INCOME_TYPE_INFO: readonly { incomeType: IncomeType; name: string; description: string }[] = [
  { incomeType: 'primary', name: 'Primary', description: 'Your main, regular income' },
  { incomeType: 'secondary', name: 'Secondary', description: 'Income besides the main one: side work, investments' },
  { incomeType: 'settlement', name: 'Settlement', description: 'A one-off payment: a settlement, refund or payout' },
  { incomeType: 'unknown', name: 'Unknown', description: 'Not said' },
];
