// Which expense category a description belongs to, from a lexicon of items, services and merchants
// (DESIGN.md "Domain vocabulary"). A phrase written "~phrase" is a weak hint (0.4) that a stronger
// word overrides: "gift card" is a gift, "card" alone means little. Longer phrases win where they
// overlap ("gas bill" is a utility, "gas" alone is fuel; "uber eats" is food, "uber" a ride).

import type { ExpenseCategoryCode, ExpenseType } from '@expensio/events';
import { createPhraseMatcher, type PhraseMatch } from './text.ts';

const EXPENSE_LEXICON: Readonly<Record<ExpenseCategoryCode, readonly string[]>> = {
  housing: [
    'rent', 'mortgage', 'landlord', 'property tax', 'council tax', 'hoa', 'hoa fee', 'plumber', 'electrician', 'handyman',
    'repair', '~repairs', 'roof', 'sink', 'boiler', 'furniture', 'sofa', 'couch', 'bed frame', 'mattress', 'fridge',
    'refrigerator', 'washing machine', 'dishwasher', 'microwave', 'appliance', 'ikea', 'home depot', "lowe's", 'paint',
    'locksmith', 'pest control', 'cleaning lady', 'house cleaner', 'maid', 'lawn', 'gardener', 'renovation', 'curtains',
    'home repair', 'security deposit', 'moving truck', 'movers', 'storage unit',
  ],
  utilities: [
    'electricity', 'electric bill', 'power bill', 'light bill', 'water bill', 'gas bill', 'heating', 'heating oil',
    'internet', 'wifi', 'wi-fi', 'broadband', 'phone bill', 'mobile bill', 'cell phone bill', 'phone plan', 'data plan',
    'mobile recharge', 'recharge', 'top-up', 'utilities', 'utility bill', 'trash', 'garbage', 'sewage', 'cable',
    'comcast', 'xfinity', 'verizon', 'at&t', 't-mobile', 'jio', 'airtel', 'vodafone', 'pg&e', 'con edison', '~bill',
  ],
  transportation: [
    'uber', 'lyft', 'ola', 'grab', 'bolt', 'taxi', 'cab', 'rickshaw', 'auto rickshaw', 'tuk tuk', 'bus', 'bus pass',
    'bus ticket', 'metro', 'metro card', 'subway', 'train', 'train ticket', 'tram', 'ferry', 'transit', 'fare',
    'commute', 'gas', 'gas station', 'petrol', 'diesel', 'fuel', 'tank', 'filled up', 'fill up', 'parking',
    'parking ticket', 'parking fine', 'toll', 'toll road', 'car wash', 'car repair', 'mechanic', 'oil change',
    'tires', 'tyres', 'car service', 'registration', 'dmv', 'flight', 'plane ticket', 'airfare', 'airline',
    'airport', 'scooter', 'bike share', 'citi bike', 'oyster', 'clipper', 'ev charging', 'shell', 'chevron', 'exxon',
    'bp', '~car',
  ],
  food: [
    'groceries', 'grocery', 'supermarket', 'food', 'lunch', 'dinner', 'breakfast', 'brunch', 'snack', 'coffee',
    'coffee beans', 'latte', 'cappuccino', 'tea', 'bubble tea', 'boba', 'cafe', 'café', 'restaurant', 'takeout',
    'takeaway', 'take-out', 'delivery', 'food delivery', 'pizza', 'burger', 'sandwich', 'sushi', 'ramen', 'tacos',
    'burrito', 'pad thai', 'thai', 'chinese', 'indian food', 'curry', 'noodles', 'pho', 'bento', 'konbini',
    'bibimbap', 'poutine', 'kebab', 'fries', 'salad', 'bakery', 'bread', 'milk', 'eggs', 'fruit', 'vegetables',
    'meat', 'meal', 'drinks', 'beer', 'wine', 'cocktail', 'pub', 'bar tab', 'eat out', 'eating out', 'ate out',
    'dessert', 'ice cream', 'donut', 'doughnut', 'bagel', 'starbucks', 'dunkin', "mcdonald's", 'mcdonalds',
    'chipotle', 'kfc', "domino's", 'dominos', 'taco bell', 'subway sandwich', 'costco', 'walmart', 'whole foods',
    "trader joe's", 'trader joes', 'aldi', 'lidl', 'tesco', "sainsbury's", 'kroger', 'safeway', 'publix',
    'instacart', 'blinkit', 'zepto', 'bigbasket', 'swiggy', 'zomato', 'doordash', 'uber eats', 'ubereats',
    'grubhub', 'deliveroo', 'just eat', 'seamless', 'pret', 'tim hortons', 'canteen', 'food truck', 'diner',
    'hot dog', 'popcorn', 'candy', 'chocolate', 'chips', 'juice', 'smoothie', 'water bottle', 'produce', 'butcher',
    'farmers market', 'picnic', 'steak', 'seafood', 'dim sum', 'tapas', 'barbecue', 'bbq',
  ],
  healthAndMedical: [
    'doctor', 'gp', 'dentist', 'dental', 'orthodontist', 'pharmacy', 'chemist', 'medicine', 'medicines', 'medication',
    'meds', 'prescription', 'hospital', 'clinic', 'copay', 'co-pay', 'therapy', 'therapist', 'counseling',
    'psychiatrist', 'physio', 'physiotherapy', 'chiropractor', 'health insurance', 'glasses', 'eyeglasses',
    'contact lenses', 'contacts', 'eye exam', 'optometrist', 'optician', 'checkup', 'check-up', 'vaccine',
    'x-ray', 'mri', 'blood test', 'lab test', 'surgery', 'urgent care', 'er visit', 'cvs', 'walgreens',
    'boots pharmacy', 'vitamins', 'supplements', 'ibuprofen', 'painkillers', 'inhaler', 'dermatologist',
    'cleaning at the dentist', 'dentist cleaning',
  ],
  insurance: [
    'insurance', 'premium', 'life insurance', 'car insurance', 'auto insurance', 'home insurance',
    "renter's insurance", 'renters insurance', 'travel insurance', 'pet insurance', 'geico', 'state farm',
    'allstate', 'progressive', 'lic',
  ],
  debtRepayment: [
    'loan', 'loan payment', 'credit card payment', 'credit card bill', 'card payment', 'student loan', 'car loan',
    'car payment', 'emi', 'debt', 'paid off', 'pay off', 'installment', 'instalment', 'klarna', 'afterpay',
    'overdraft', 'repayment', 'personal loan', 'payday loan',
  ],
  educationAndChildcare: [
    'tuition', 'school', 'school fees', 'school books', 'textbook', 'textbooks', 'school supplies', 'stationery',
    'a course', 'course fee', 'online course', 'lessons', 'piano lessons', 'tutor', 'tutoring', 'daycare', 'childcare', 'babysitter',
    'nanny', 'kindergarten', 'preschool', 'nursery', 'after-school', 'after school', 'summer camp', 'udemy',
    'coursera', 'exam fee', 'college', 'university', 'uniform', 'field trip', 'diapers', 'formula',
  ],
  personalCare: [
    'haircut', 'hair cut', 'hair', 'hairdresser', 'barber', 'salon', 'beard trim', 'manicure', 'pedicure', 'nails', 'massage', 'spa',
    'facial', 'waxing', 'gym', 'gym membership', 'yoga', 'yoga class', 'pilates', 'fitness', 'crossfit',
    'personal trainer', 'clothes', 'clothing', 'shirt', 't-shirt', 'shoes', 'running shoes', 'sneakers', 'boots',
    'jacket', 'coat', 'dress', 'jeans', 'pants', 'trousers', 'socks', 'underwear', 'kurta', 'saree', 'sunscreen',
    'shampoo', 'skincare', 'cosmetics', 'makeup', 'perfume', 'deodorant', 'toothpaste', 'razor', 'laundry',
    'dry cleaning', 'watch', 'handbag', 'bag', 'jewelry', 'jewellery', 'sephora', 'ulta', 'zara', 'h&m', 'uniqlo',
    'nike', 'adidas', 'outfit', 'hoodie', 'sweater',
  ],
  entertainmentAndRecreation: [
    'netflix', 'spotify', 'disney+', 'disney plus', 'hulu', 'hbo', 'max subscription', 'apple music', 'apple tv',
    'youtube premium', 'prime video', 'audible', 'twitch', 'movie', 'movies', 'cinema', 'film', 'concert',
    'concert ticket', 'movie ticket', 'theatre', 'theater', 'tv show', 'comedy show', 'broadway show', 'musical', 'festival', 'museum', 'zoo',
    'gallery', 'exhibition', 'bowling', 'karaoke', 'arcade', 'golf', 'video game', 'game', 'playstation', 'ps5',
    'xbox', 'nintendo', 'switch game', 'steam', 'gameboy', 'vinyl', 'record', 'book', 'novel', 'kindle',
    'book club', 'hobby', 'hotel', 'airbnb', 'hostel', 'vacation', 'holiday', 'trip', 'resort', 'cruise',
    'tour', 'sightseeing', 'ski pass', 'theme park', 'disneyland', 'club', 'nightclub', 'comedy show', 'tickets',
    '~ticket', 'subscription', 'streaming', 'lego', 'board game', 'puzzle', 'camping', 'fishing', 'guitar', 'art supplies',
  ],
  savingsAndInvestments: [
    'savings', 'savings account', 'emergency fund', 'rainy day fund', 'invest', 'investing', 'invested', 'investment',
    'index fund', 'index funds', 'etf', 'stocks', 'shares', 'mutual fund', 'sip', 'roth ira', 'ira', '401k',
    '401(k)', 'pension contribution', 'retirement fund', 'crypto', 'bitcoin', 'ethereum', 'brokerage', 'robinhood',
    'vanguard', 'fixed deposit', 'bonds',
  ],
  giftsAndDonations: [
    'gift', 'gifts', 'present', 'birthday present', 'birthday card', 'wedding gift', 'gift card', 'donation',
    'donated', 'donate', 'charity', 'red cross', 'unicef', 'tithe', 'church', 'fundraiser', 'gofundme', 'homeless',
    'flowers', 'bouquet', 'for my nephew', 'for my niece', 'for mom', 'for my mom', 'for dad', 'for my dad',
    'for my wife', 'for my husband', 'for my girlfriend', 'for my boyfriend', 'for my friend', 'baby shower',
    '~card', 'gave',
  ],
  pets: [
    'vet', 'vet bill', 'veterinarian', 'dog', 'dog food', 'cat', 'cat food', 'cat litter', 'litter', 'puppy',
    'kitten', 'pet', 'pet food', 'pet store', 'kibble', 'flea', 'flea meds', 'dog grooming', 'dog walker',
    'pet sitter', 'kennel', 'petco', 'petsmart', 'chewy', 'aquarium', 'fish food', 'bird seed', 'leash',
  ],
  miscellaneous: [
    'amazon', 'laptop', 'computer', 'phone', 'iphone', 'phone screen', 'phone repair', 'headphones', 'earbuds',
    'airpods', 'electronics', 'charger', 'tablet', 'ipad', 'passport', 'visa fee', 'post office', 'postage',
    'shipping', 'stamps', 'standing desk', 'desk', 'office chair', 'printer', 'batteries', '~fine', 'bank fee',
    'atm fee', 'membership fee', 'misc', 'miscellaneous', '~stuff', 'target', 'ebay', 'etsy', 'aliexpress',
  ],
};

/** Category names and synonyms people use in questions and corrections ("make that transport"). */
const CATEGORY_NAMES: Readonly<Record<ExpenseCategoryCode, readonly string[]>> = {
  housing: ['housing', 'home', 'house'],
  utilities: ['utilities', 'utility', 'bills'],
  transportation: ['transportation', 'transport', 'travel', 'commuting', 'rides', 'getting around'],
  food: ['food', 'eating', 'eat out', 'dining', 'dining out', 'restaurants', 'groceries'],
  healthAndMedical: ['health', 'medical', 'healthcare', 'health and medical'],
  insurance: ['insurance'],
  debtRepayment: ['debt', 'debts', 'debt repayment', 'loans'],
  educationAndChildcare: ['education', 'childcare', 'kids', 'school'],
  personalCare: ['personal care', 'self care', 'self-care', 'shopping', 'clothes'],
  entertainmentAndRecreation: ['entertainment', 'fun', 'recreation', 'leisure', 'going out', 'hobbies'],
  savingsAndInvestments: ['savings', 'investments', 'investing'],
  giftsAndDonations: ['gifts', 'donations', 'charity'],
  pets: ['pets', 'pet', 'the dog', 'the cat'],
  miscellaneous: ['misc', 'miscellaneous', 'other', 'others'],
};

/** What kind of spending a category usually is; null where it depends on the item. */
export const DEFAULT_EXPENSE_TYPE: Readonly<Record<string, ExpenseType | null>> = {
  housing: 'necessity',
  utilities: 'necessity',
  transportation: 'necessity',
  food: null,
  healthAndMedical: 'necessity',
  insurance: 'necessity',
  debtRepayment: 'necessity',
  educationAndChildcare: 'necessity',
  personalCare: null,
  entertainmentAndRecreation: 'luxury',
  savingsAndInvestments: 'saving',
  giftsAndDonations: null,
  pets: 'necessity',
  miscellaneous: null,
};

export interface CategoryHit {
  readonly code: string;
  readonly weight: number;
  readonly match: PhraseMatch<unknown>;
}

const WEAK = 0.4;

function entries(table: Readonly<Record<string, readonly string[]>>): [string, { code: string; weight: number }][] {
  return Object.entries(table).flatMap(([code, phrases]) =>
    phrases.map((p): [string, { code: string; weight: number }] => (p.startsWith('~') ? [p.slice(1), { code, weight: WEAK }] : [p, { code, weight: 1 }])),
  );
}

const matchItems = createPhraseMatcher(entries(EXPENSE_LEXICON));
const matchNames = createPhraseMatcher(entries(CATEGORY_NAMES));

/** Lexicon hits in a normalised text, longest phrases first where they overlap. */
export function expenseCategoryHits(text: string): CategoryHit[] {
  return matchItems(text).map((m) => ({ code: m.value.code, weight: m.value.weight * (1 + 0.25 * (m.text.split(/\s+/).length - 1)), match: m }));
}

/** Hits on category names ("transport", "eating out") and items alike: for questions and corrections. */
export function categoryNameHits(text: string): CategoryHit[] {
  const names = matchNames(text).map((m) => ({ code: m.value.code, weight: 1.5, match: m }));
  const items = expenseCategoryHits(text).filter((h) => !names.some((n) => n.match.start < h.match.end && h.match.start < n.match.end));
  return [...names, ...items];
}

/** The best-scoring category of a list of hits and its score, or null when there are none. */
export function bestCategory(hits: readonly { code: string; weight: number }[]): { code: string; score: number } | null {
  const totals = new Map<string, number>();
  for (const h of hits) totals.set(h.code, (totals.get(h.code) ?? 0) + h.weight);
  let best: { code: string; score: number } | null = null;
  for (const [code, score] of totals) if (!best || score > best.score) best = { code, score };
  return best;
}

// Items that are plainly needs whatever their category: they make an expense a necessity.
const NECESSITY_ITEMS = new Set(['groceries', 'grocery', 'supermarket', 'milk', 'bread', 'eggs', 'produce', 'diapers', 'formula', 'medicine', 'medicines', 'prescription', 'rent']);
export const isNecessityItem = (phrase: string): boolean => NECESSITY_ITEMS.has(phrase.replace(/s$/, '')) || NECESSITY_ITEMS.has(phrase);
