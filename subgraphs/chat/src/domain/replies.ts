// What the assistant says: pure functions from the conversation's data to text. Every amount is
// formatted from integer minor units with the currency's decimals, so a figure in a reply is exact.
import { minorUnitsToDecimal, type MonthlyFigures } from '@expensio/events';
import { mergeFigures } from '@expensio/kit';
import type { FinanceQuery } from '../nlp/index.ts';

/** A transaction as the conversation keeps it (domain codes; amount null when not stated). */
export interface DraftTransaction {
  kind: 'expense' | 'income';
  title: string | null;
  amount: { minor: number; currency: string } | null;
  categoryCode: string;
  mood: string | null;
  cognitiveTriggers: string[];
  expenseType: string | null;
  paymentMethod: string | null;
  incomeType: string | null;
  occurredAt: Date;
  confidence: number;
}

/** A monthly budget crossed (from BUDGET_EXCEEDED). */
export interface BudgetAlert {
  month: string;
  categoryCode: string | null;
  budget: { minor: number; currency: string };
  spent: { minor: number; currency: string };
}

type Amounts = Readonly<Record<string, number>>;

export const formatMoney = ({ minor, currency }: { minor: number; currency: string }) => `${minorUnitsToDecimal(minor, currency)} ${currency}`;

/** "12.50 EUR" in the base currency, then the other currencies: "12.50 EUR + 800 JPY". */
export function formatAmounts(amounts: Amounts, base: string): string {
  const parts = [formatMoney({ minor: amounts[base] ?? 0, currency: base })];
  for (const [currency, minor] of Object.entries(amounts).sort()) if (currency !== base && minor !== 0) parts.push(formatMoney({ minor, currency }));
  return parts.join(' + ');
}

const titleOf = (t: DraftTransaction) => t.title ?? (t.kind === 'expense' ? 'Expense' : 'Income');
export const dayOf = (d: Date, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** One line: `expense "Pizza" 12.50 EUR · food · regretful · 2025-03-14`. */
export function describeTransaction(t: DraftTransaction, timeZone: string): string {
  const parts = [`${t.kind} "${titleOf(t)}" ${t.amount ? formatMoney(t.amount) : '(no amount)'}`, t.categoryCode];
  if (t.mood) parts.push(t.mood);
  if (t.paymentMethod) parts.push(t.paymentMethod);
  parts.push(dayOf(t.occurredAt, timeZone));
  return parts.join(' · ');
}

export function previewReply(transactions: readonly DraftTransaction[], timeZone: string): string {
  const lines = transactions.map((t, i) => `${transactions.length > 1 ? `${i + 1}. ` : ''}${describeTransaction(t, timeZone)}`);
  return `I'll save:\n${lines.join('\n')}\nSay "yes" to save, "no" to drop it, or correct me ("actually it was 300", "make that food").`;
}

export const savingReply = (transactions: readonly DraftTransaction[], timeZone: string) =>
  `Saving:\n${transactions.map((t) => describeTransaction(t, timeZone)).join('\n')}`;
export const savedReply = (t: DraftTransaction, timeZone: string) => `Saved: ${describeTransaction(t, timeZone)}.`;
export const rejectedReply = (t: DraftTransaction, reason: string) => `I couldn't save ${t.kind} "${titleOf(t)}": ${reason}`;
export const undoingReply = (t: DraftTransaction, timeZone: string) => `Removing: ${describeTransaction(t, timeZone)}.`;
export const undoneReply = (t: DraftTransaction, timeZone: string) => `Removed: ${describeTransaction(t, timeZone)}.`;
export const missingAmountReply = (t: DraftTransaction) =>
  `How much was ${t.kind} "${titleOf(t)}"? Tell me again with the amount (e.g. "${t.title ?? 'lunch'} 12.50") and I'll prepare it.`;

export const HELP_REPLY = [
  'I record expenses and incomes and answer questions about your money. Try:',
  '• "lunch 12.50 yesterday, regret it" or "got paid 3000 salary"',
  '• "yes" to save what I show you, "no" to drop it, "undo" to remove the last one saved',
  '• "actually it was 300" or "make that food" to correct before saving',
  '• "how much did I spend on food last month?", "am I over budget?", "summarize my finances this month"',
].join('\n');
export const SMALL_TALK_REPLY = "Happy to chat! I'm best with money though: tell me what you spent or earned, or ask how your month is going.";
export const UNKNOWN_REPLY = `I didn't quite get that. ${HELP_REPLY}`;

// ---- answers from the monthly figures

export interface FiguresContext {
  query: FinanceQuery;
  /** The figures of each month of the period that has any (absent months had nothing). */
  months: readonly MonthlyFigures[];
  alerts: readonly BudgetAlert[];
  baseCurrency: string;
  /** Today in the user's zone ("YYYY-MM-DD"): a month to date is a whole month of figures. */
  today: string;
}

function total(rows: readonly { amounts: Amounts; count: number }[]) {
  const amounts: Record<string, number> = {};
  let count = 0;
  for (const r of rows) {
    count += r.count;
    for (const [c, m] of Object.entries(r.amounts)) amounts[c] = (amounts[c] ?? 0) + m;
  }
  return { amounts, count };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An exact average to the minor unit, rounded half up. */
const averageMinor = (minor: number, count: number) => (count === 0 ? 0 : Math.floor((2 * minor + count) / (2 * count)));

export function answerQuery({ query, months, alerts, baseCurrency: base, today }: FiguresContext): string {
  const f = mergeFigures(months);
  const label = query.period.label;
  const partial = query.period.firstDay.slice(8) !== '01' || (monthEndOf(query.period.lastDay) !== query.period.lastDay && query.period.lastDay < today);
  const note = partial ? ` (I keep monthly figures, so this covers ${query.period.months.join(', ')})` : '';
  const spent = f.expenses;
  const earned = f.incomes;
  const net = (spend: Amounts, earn: Amounts) => {
    const out: Record<string, number> = {};
    for (const c of new Set([...Object.keys(spend), ...Object.keys(earn)])) out[c] = (earn[c] ?? 0) - (spend[c] ?? 0);
    return out;
  };

  switch (query.metric) {
    case 'summary': {
      const top = [...f.byCategory].sort((a, b) => (b.amounts[base] ?? 0) - (a.amounts[base] ?? 0)).slice(0, 3);
      const regret = f.byMood.find((m) => m.mood === 'regretful');
      const lines = [
        `Your finances ${label}${note}:`,
        `• Spent ${formatAmounts(spent.amounts, base)} over ${plural(spent.count, 'expense')}`,
        `• Earned ${formatAmounts(earned.amounts, base)} over ${plural(earned.count, 'income')}`,
        `• Net ${formatAmounts(net(spent.amounts, earned.amounts), base)}`,
      ];
      if (top.length) lines.push(`• Top categories: ${top.map((c) => `${c.categoryCode} ${formatAmounts(c.amounts, base)}`).join(', ')}`);
      if (regret) lines.push(`• Spent while regretful: ${formatAmounts(regret.amounts, base)} (${plural(regret.count, 'expense')})`);
      const over = alerts.filter((a) => query.period.months.includes(a.month));
      if (over.length) lines.push(`• Over budget: ${over.map(budgetLine).join('; ')}`);
      return lines.join('\n');
    }
    case 'budgetStatus': {
      const over = alerts.filter((a) => query.period.months.includes(a.month) && (!query.categoryCode || a.categoryCode === query.categoryCode));
      if (over.length === 0) return `No budget has been exceeded ${label}. You've spent ${formatAmounts(spent.amounts, base)} so far.`;
      return `Yes: ${over.map(budgetLine).join('; ')}.`;
    }
    case 'topCategory': {
      if (query.mood) {
        const row = f.byMood.find((m) => m.mood === query.mood);
        if (!row) return `You recorded no expenses while feeling ${query.mood} ${label}${note}.`;
        const share = spent.amounts[base] ? ` (${Math.round((100 * (row.amounts[base] ?? 0)) / spent.amounts[base]!)}% of your spending)` : '';
        return `When you feel ${query.mood} you spent ${formatAmounts(row.amounts, base)} over ${plural(row.count, 'expense')} ${label}${share}${note}. The monthly figures don't split moods by category; the expense list filtered by mood shows which.`;
      }
      const top = [...f.byCategory].sort((a, b) => (b.amounts[base] ?? 0) - (a.amounts[base] ?? 0))[0];
      if (!top) return `You have no expenses ${label}${note}.`;
      return `You spend most on ${top.categoryCode}: ${formatAmounts(top.amounts, base)} over ${plural(top.count, 'expense')} ${label}${note}.`;
    }
    default: {
      const income = query.kind === 'income';
      const rows = income
        ? query.categoryCode ? f.byIncomeCategory.filter((c) => c.categoryCode === query.categoryCode) : [earned]
        : query.categoryCode ? f.byCategory.filter((c) => c.categoryCode === query.categoryCode)
        : query.mood ? f.byMood.filter((m) => m.mood === query.mood)
        : query.trigger ? f.byTrigger.filter((t) => t.trigger === query.trigger)
        : [spent];
      const t = total(rows);
      const what = query.categoryCode ? ` on ${query.categoryCode}` : query.mood ? ` while feeling ${query.mood}` : query.trigger ? ` driven by ${query.trigger}` : '';
      if (query.metric === 'net') return `Your net ${label} is ${formatAmounts(net(spent.amounts, earned.amounts), base)} (earned ${formatAmounts(earned.amounts, base)}, spent ${formatAmounts(spent.amounts, base)})${note}.`;
      if (query.metric === 'count') return `${plural(t.count, income ? 'income' : 'expense')}${what} ${label}${note}.`;
      if (query.metric === 'average') {
        return `On average ${formatMoney({ minor: averageMinor(t.amounts[base] ?? 0, t.count), currency: base })} per ${income ? 'income' : 'expense'}${what} ${label} (${formatAmounts(t.amounts, base)} over ${plural(t.count, income ? 'income' : 'expense')})${note}.`;
      }
      return `You ${income ? 'earned' : 'spent'} ${formatAmounts(t.amounts, base)}${what} ${label} (${plural(t.count, income ? 'income' : 'expense')})${note}.`;
    }
  }
}

const budgetLine = (a: BudgetAlert) => `${a.categoryCode ? `your ${a.categoryCode} budget` : 'your monthly budget'} of ${formatMoney(a.budget)} in ${a.month} (spent ${formatMoney(a.spent)})`;

function monthEndOf(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${day.slice(0, 8)}${String(last).padStart(2, '0')}`;
}
