import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, INCOME_TYPES, isTimeZone, MOODS, PAYMENT_METHODS } from '@expensio/events';
import { badInput, DateTimeScalar, enumOf, requireUser, toMoney } from '@expensio/kit';
import type { ChatContext } from '../context.ts';
import { toDraft, type MessageDoc, type Profile } from '../domain/assistant.ts';
import type { DraftTransaction } from '../domain/replies.ts';
import { DEFAULT_BASE_CURRENCY, parseTransaction } from '../nlp/index.ts';

/** The user's currency and zone, from the user directory; defaults while the profile is not there yet. */
async function profileOf(ctx: ChatContext, userId: string): Promise<Profile> {
  const p = await ctx.directory.get(userId, { waitMs: 1_000 }).catch(() => null);
  return { baseCurrency: p?.baseCurrency ?? DEFAULT_BASE_CURRENCY, timeZone: p?.timeZone ?? 'UTC' };
}

const transactionView = (t: DraftTransaction) => ({ ...t, amount: t.amount ? toMoney(t.amount) : null });
const messageView = (m: MessageDoc) => ({ id: m._id, role: m.role, text: m.text, createdAt: m.createdAt, transactions: m.transactions.map(transactionView) });

export const resolvers = {
  DateTime: DateTimeScalar,
  Mood: enumOf(MOODS),
  ExpenseType: enumOf(EXPENSE_TYPES),
  PaymentMethod: enumOf(PAYMENT_METHODS),
  IncomeType: enumOf(INCOME_TYPES),
  CognitiveTrigger: enumOf(COGNITIVE_TRIGGERS),
  TransactionKind: { EXPENSE: 'expense', INCOME: 'income' },
  Query: {
    parseTransaction: async (_: unknown, args: { text: string; now?: Date | null; timeZone?: string | null }, ctx: ChatContext) => {
      const { userId } = requireUser(ctx.user);
      if (args.timeZone && !isTimeZone(args.timeZone)) throw badInput(`Unknown time zone "${args.timeZone}"`, 'timeZone');
      const profile = await profileOf(ctx, userId);
      const result = parseTransaction(args.text, {
        now: args.now ?? (ctx.now ?? (() => new Date()))(),
        timeZone: args.timeZone ?? profile.timeZone,
        baseCurrency: profile.baseCurrency,
        learned: await ctx.assistant.learned(userId),
      });
      return { intent: result.intent, transactions: result.transactions.map((t) => transactionView(toDraft(t))) };
    },
    chatHistory: async (_: unknown, args: { first?: number | null; after?: string | null }, ctx: ChatContext) => {
      const { userId } = requireUser(ctx.user);
      const page = await ctx.assistant.history(userId, args.first, args.after);
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: messageView(e.node) })) };
    },
    chatSettings: (_: unknown, __: unknown, ctx: ChatContext) => ctx.assistant.settings(requireUser(ctx.user).userId),
  },
  Mutation: {
    sendChatMessage: async (_: unknown, { text }: { text: string }, ctx: ChatContext) => {
      const { userId } = requireUser(ctx.user);
      return messageView(await ctx.assistant.send(userId, text, await profileOf(ctx, userId)));
    },
    updateChatSettings: (_: unknown, { autoSave }: { autoSave: boolean }, ctx: ChatContext) => ctx.assistant.setAutoSave(requireUser(ctx.user).userId, autoSave),
  },
  Subscription: {
    chatMessageAdded: {
      subscribe: (_: unknown, __: unknown, ctx: ChatContext) => ctx.notifier.subscribe(requireUser(ctx.user).userId),
      resolve: async (messageId: string, _: unknown, ctx: ChatContext) => {
        const message = await ctx.assistant.message(requireUser(ctx.user).userId, messageId);
        if (!message) throw new Error(`message ${messageId} not found`);
        return messageView(message);
      },
    },
  },
};
