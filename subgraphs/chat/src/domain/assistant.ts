// The assistant: a user's conversation (messages, pending preview, commands awaiting an answer,
// what it saved, learned categories, settings), the saga answers that close commands, and the local
// read model of monthly figures it answers questions from. One conversation document per user,
// written with a compare-and-set on its version; the commands it sends ride in that same write
// (outbox), so a command is published if and only if the conversation recorded it.
import { randomUUID } from 'node:crypto';
import type {
  TOPICS} from '@expensio/events';
import {
  createEvent,
  olderThan,
  outboxFields,
  sourceOf,
  withOutbox,
  type EventsOfTopic,
  type ExpensioEvent,
  type MonthlyFigures,
  type OutboxRelay,
} from '@expensio/events';
import { badInput, decodeCursor, encodeCursor, fromStoredJson, pageSize, toStoredJson } from '@expensio/kit';
import type { Collection, Db, Filter } from 'mongodb';
import type { Interpreter } from '../llm/interpreter.ts';
import type { Limits } from '../llm/limits.ts';
import { learnFromCorrection, MAX_MESSAGE_LENGTH, parseTransaction, type LearnedCategories, type ParsedTransaction, type ParseOptions, type ParseResult } from '../nlp/index.ts';
import * as say from './replies.ts';
import type { BudgetAlert, DraftTransaction } from './replies.ts';

export interface MessageDoc {
  _id: string;
  userId: string;
  role: 'user' | 'assistant';
  text: string;
  createdAt: Date;
  transactions: DraftTransaction[];
}

interface Awaiting {
  /** The command event's id: EXPENSE_CREATED / INCOME_CREATED names it as causationid. */
  eventId: string;
  transaction: DraftTransaction;
}
interface Saved {
  recordId: string;
  transaction: DraftTransaction;
}

export interface ConversationDoc {
  _id: string;
  version: number;
  pending: DraftTransaction[] | null;
  /** The words of the pending preview: a category correction teaches them. */
  pendingText: string | null;
  /** Save commands sent, by command id, until saved or rejected. */
  awaiting: Record<string, Awaiting>;
  /** Undo commands sent, by command id, until the delete event arrives. */
  undoing: Record<string, Saved>;
  /** Records saved from the chat, oldest first (the last is what "undo" removes). */
  saved: Saved[];
  learned: LearnedCategories;
  autoSave: boolean;
}

/** A month's figures as FINANCIALDATA_UPDATED last brought them; `_id` is figuresId(user, month). */
interface FiguresDoc {
  _id: string;
  userId: string;
  month: string;
  version: number;
  /** JSON text (the kit's storedJson); an object in documents an older build wrote. */
  figures: string | MonthlyFigures;
}
const figuresId = (userId: string, month: string) => `${userId}|${month}`;
interface AlertDoc extends BudgetAlert {
  _id: string;
  userId: string;
}

export interface Profile {
  baseCurrency: string;
  timeZone: string;
}

const SAVED_KEPT = 20;
const MAX_ATTEMPTS = 5;

const emptyConversation = (userId: string): ConversationDoc => ({
  _id: userId, version: 0, pending: null, pendingText: null, awaiting: {}, undoing: {}, saved: [], learned: {}, autoSave: false,
});

export const toDraft = (t: ParsedTransaction): DraftTransaction => ({
  kind: t.kind,
  title: t.title,
  amount: t.amount ? { minor: t.amount.minor, currency: t.amount.currency } : null,
  categoryCode: t.categoryCode,
  mood: t.mood,
  cognitiveTriggers: [...t.cognitiveTriggers],
  expenseType: t.expenseType,
  paymentMethod: t.paymentMethod,
  incomeType: t.incomeType,
  occurredAt: t.occurredAt,
  confidence: t.confidence,
});

/** Said once a month, in the first reply after the user's LLM allowance ran out. */
export const ALLOWANCE_NOTICE = "(You have used this month's allowance of the language model, so I'm using my built-in understanding until next month.)";

export interface AssistantOptions {
  now?: () => Date;
  /** Per-user rate limit and LLM token meter; none: no limits (unit use). */
  limits?: Limits;
  /** OpenAI tool calling; none: the built-in parser only. */
  interpreter?: Interpreter | null;
}

export function createAssistant(db: Db, relay: OutboxRelay, { now = () => new Date(), limits, interpreter = null }: AssistantOptions = {}) {
  const messages: Collection<MessageDoc> = db.collection<MessageDoc>('messages');
  const conversations: Collection<ConversationDoc> = db.collection<ConversationDoc>('conversations');
  const figures: Collection<FiguresDoc> = db.collection<FiguresDoc>('figures');
  const alerts: Collection<AlertDoc> = db.collection<AlertDoc>('budget_alerts');
  const source = sourceOf('chat');

  /** Adds a message with its CHAT_MESSAGE_ADDED in the same write; an existing id adds nothing. */
  async function addMessage(userId: string, role: MessageDoc['role'], text: string, transactions: DraftTransaction[] = [], id: string = randomUUID(), causationId?: string): Promise<MessageDoc> {
    const doc: MessageDoc = { _id: id, userId, role, text, createdAt: now(), transactions };
    const added = createEvent('CHAT_MESSAGE_ADDED', { userId, messageId: id, role, createdAt: doc.createdAt.toISOString() }, { subject: userId, source, ...(causationId ? { causationId } : {}) });
    try {
      await messages.insertOne({ ...doc, ...outboxFields([added]) });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      return (await messages.findOne({ _id: id }, { projection: { _outbox: 0 } }))!;
    }
    relay.nudge(messages as never, [id]);
    return doc;
  }

  const load = async (userId: string) => (await conversations.findOne({ _id: userId }, { projection: { _outbox: 0 } })) ?? emptyConversation(userId);

  /** Compare-and-set of the conversation, with the events it sends; false when it changed meanwhile. */
  async function save(before: ConversationDoc, after: ConversationDoc, events: readonly ExpensioEvent[] = []): Promise<boolean> {
    const { _id, ...fields } = { ...after, version: before.version + 1 };
    if (before.version === 0) {
      try {
        await conversations.insertOne({ _id, ...fields, ...(events.length ? outboxFields(events) : {}) } as ConversationDoc);
      } catch (err) {
        if ((err as { code?: number }).code === 11000) return false;
        throw err;
      }
    } else {
      const set = { $set: fields };
      const res = await conversations.updateOne({ _id, version: before.version }, events.length ? withOutbox(set, events) : set);
      if (res.matchedCount === 0) return false;
    }
    if (events.length) relay.nudge(conversations as never, [_id]);
    return true;
  }

  function saveCommands(userId: string, transactions: readonly DraftTransaction[], correlationId: string) {
    const awaiting: Record<string, Awaiting> = {};
    const events = transactions.map((t) => {
      const commandId = randomUUID();
      const event = createEvent(
        'CHAT_TRANSACTION_REQUESTED',
        {
          commandId, userId, kind: t.kind, conversationId: userId,
          record: {
            title: t.title ?? (t.kind === 'expense' ? 'Expense' : 'Income'),
            amount: t.amount!,
            categoryCode: t.categoryCode,
            occurredAt: t.occurredAt.toISOString(),
            mood: t.mood as never,
            cognitiveTriggers: t.cognitiveTriggers as never,
            expenseType: t.expenseType as never,
            paymentMethod: t.paymentMethod as never,
            incomeType: t.incomeType as never,
          },
        },
        { subject: userId, source, correlationId },
      );
      awaiting[commandId] = { eventId: event.id, transaction: t };
      return event;
    });
    return { awaiting, events };
  }

  async function figuresFor(userId: string, months: readonly string[]) {
    const [docs, alertDocs] = await Promise.all([
      // By _id, which FerretDB finds through its index; a filter on userId reads every user's months.
      figures.find({ _id: { $in: months.map((m) => figuresId(userId, m)) } }).toArray(),
      alerts.find({ userId, month: { $in: [...months] } }).toArray(),
    ]);
    return { months: docs.map((d) => fromStoredJson(d.figures)), alerts: alertDocs };
  }

  /** The reply to one user message: the decision and its effects on the conversation. */
  async function respond(userId: string, text: string, profile: Profile, userMessageId: string): Promise<{ text: string; transactions: DraftTransaction[] }> {
    const understood = await understand(userId, text, profile);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const conv = await load(userId);
      const parsed = understood.model ?? parseTransaction(text, { now: now(), timeZone: profile.timeZone, baseCurrency: profile.baseCurrency, learned: conv.learned });
      const tz = profile.timeZone;
      let next: ConversationDoc = conv;
      let events: ExpensioEvent[] = [];
      let reply: { text: string; transactions: DraftTransaction[] };

      switch (parsed.intent) {
        case 'ADD_TRANSACTION': {
          const drafts = parsed.transactions.map(toDraft);
          const missing = drafts.find((t) => !t.amount);
          if (drafts.length === 0 || missing) {
            reply = { text: say.missingAmountReply(missing ?? drafts[0] ?? toDraftless()), transactions: drafts };
            break;
          }
          if (conv.autoSave) {
            const cmd = saveCommands(userId, drafts, userMessageId);
            next = { ...conv, awaiting: { ...conv.awaiting, ...cmd.awaiting } };
            events = cmd.events;
            reply = { text: say.savingReply(drafts, tz), transactions: drafts };
          } else {
            next = { ...conv, pending: drafts, pendingText: text };
            reply = { text: say.previewReply(drafts, tz), transactions: drafts };
          }
          break;
        }
        case 'CONFIRM': {
          if (!conv.pending?.length) {
            reply = { text: 'There is nothing waiting to be saved. Tell me what you spent or earned.', transactions: [] };
            break;
          }
          const cmd = saveCommands(userId, conv.pending, userMessageId);
          next = { ...conv, pending: null, pendingText: null, awaiting: { ...conv.awaiting, ...cmd.awaiting } };
          events = cmd.events;
          reply = { text: say.savingReply(conv.pending, tz), transactions: conv.pending };
          break;
        }
        case 'CANCEL': {
          reply = conv.pending?.length
            ? { text: "OK, I dropped it; nothing was saved.", transactions: [] }
            : { text: 'There is nothing to cancel.', transactions: [] };
          next = { ...conv, pending: null, pendingText: null };
          break;
        }
        case 'UNDO': {
          if (conv.pending?.length) {
            next = { ...conv, pending: null, pendingText: null };
            reply = { text: "OK, I dropped the preview; nothing was saved.", transactions: [] };
            break;
          }
          const last = conv.saved.at(-1);
          if (!last) {
            reply = { text: 'There is nothing I saved to undo.', transactions: [] };
            break;
          }
          const commandId = randomUUID();
          events = [
            createEvent('CHAT_UNDO_REQUESTED', { commandId, userId, kind: last.transaction.kind, recordId: last.recordId, conversationId: userId }, { subject: userId, source, correlationId: userMessageId }),
          ];
          next = { ...conv, saved: conv.saved.slice(0, -1), undoing: { ...conv.undoing, [commandId]: last } };
          reply = { text: say.undoingReply(last.transaction, tz), transactions: [last.transaction] };
          break;
        }
        case 'CORRECT': {
          const target = conv.pending?.at(-1);
          const c = parsed.correction;
          if (!target || !c) {
            reply = { text: 'There is no preview to correct. Tell me what you spent or earned (or "undo" to remove the last one saved).', transactions: [] };
            break;
          }
          const corrected: DraftTransaction = {
            ...target,
            ...(c.kind ? { kind: c.kind } : {}),
            ...(c.amount ? { amount: { minor: c.amount.minor, currency: c.amount.currency } } : {}),
            ...(c.categoryCode ? { categoryCode: c.categoryCode } : {}),
            ...(c.occurredAt ? { occurredAt: c.occurredAt } : {}),
            ...(c.mood ? { mood: c.mood } : {}),
            ...(c.paymentMethod ? { paymentMethod: c.paymentMethod } : {}),
            ...(c.title ? { title: c.title } : {}),
          };
          const pending = [...conv.pending!.slice(0, -1), corrected];
          const learned = c.categoryCode ? learnFromCorrection(conv.learned, target.title ?? conv.pendingText ?? '', c.categoryCode) : conv.learned;
          next = { ...conv, pending, learned };
          reply = { text: say.previewReply(pending, tz), transactions: pending };
          break;
        }
        case 'QUERY':
        case 'SUMMARY': {
          const query = parsed.query!;
          const data = await figuresFor(userId, query.period.months);
          reply = { text: say.answerQuery({ query, ...data, baseCurrency: profile.baseCurrency, today: say.dayOf(now(), tz) }), transactions: [] };
          break;
        }
        case 'HELP':
          reply = { text: say.HELP_REPLY, transactions: [] };
          break;
        case 'SMALL_TALK':
          reply = { text: say.SMALL_TALK_REPLY, transactions: [] };
          break;
        default:
          reply = { text: say.UNKNOWN_REPLY, transactions: [] };
      }
      if (understood.notice) reply = { ...reply, text: `${reply.text}\n\n${ALLOWANCE_NOTICE}` };
      if (next === conv || (await save(conv, next, events))) return reply;
    }
    throw new Error(`conversation of ${userId} kept changing; try again`);
  }

  /**
   * The model's reading of the message when OpenAI is configured and the user has allowance left;
   * null otherwise or on any failure (the built-in parser then decides, and the user sees no error).
   */
  async function understand(userId: string, text: string, profile: Profile): Promise<{ model: ParseResult | null; notice: boolean }> {
    if (!interpreter) return { model: null, notice: false };
    const at = now();
    if (limits && !(await limits.hasAllowance(userId, at))) return { model: null, notice: await limits.claimExhaustedNotice(userId, at) };
    const options: ParseOptions = { now: at, timeZone: profile.timeZone, baseCurrency: profile.baseCurrency, learned: (await load(userId)).learned };
    const { result, tokens } = await interpreter.interpret(text, options, parseTransaction(text, options));
    if (limits && tokens > 0) await limits.meter(userId, tokens, at);
    return { model: result, notice: false };
  }

  /** A saga answer (or anything else on the chat, expense and income topics): closes the command it answers. */
  async function applySagaEvent(event: EventsOfTopic<typeof TOPICS.expense | typeof TOPICS.income | typeof TOPICS.chat>, timeZoneOf: (userId: string) => Promise<string>): Promise<MessageDoc | null> {
    const userId = event.subject;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const conv = await conversations.findOne({ _id: userId }, { projection: { _outbox: 0 } });
      if (!conv) return null;
      let next: ConversationDoc;
      let text: string;
      let transaction: DraftTransaction;
      if (event.type === 'EXPENSE_CREATED' || event.type === 'INCOME_CREATED') {
        const entry = Object.entries(conv.awaiting).find(([, a]) => a.eventId === event.causationid);
        if (!entry) return null;
        const [commandId, { transaction: t }] = entry;
        const recordId = event.type === 'EXPENSE_CREATED' ? event.data.expenseId : event.data.incomeId;
        const { [commandId]: _done, ...awaiting } = conv.awaiting;
        next = { ...conv, awaiting, saved: [...conv.saved, { recordId, transaction: t }].slice(-SAVED_KEPT) };
        text = say.savedReply(t, await timeZoneOf(userId));
        transaction = t;
      } else if (event.type === 'CHAT_TRANSACTION_REJECTED') {
        const waiting = conv.awaiting[event.data.commandId];
        if (!waiting) return null;
        const { [event.data.commandId]: _done, ...awaiting } = conv.awaiting;
        next = { ...conv, awaiting };
        text = say.rejectedReply(waiting.transaction, event.data.reason);
        transaction = waiting.transaction;
      } else if (event.type === 'EXPENSE_DELETED' || event.type === 'INCOME_DELETED') {
        const recordId = event.type === 'EXPENSE_DELETED' ? event.data.expenseId : event.data.incomeId;
        const entry = Object.entries(conv.undoing).find(([, u]) => u.recordId === recordId);
        if (!entry) return null;
        const { [entry[0]]: _done, ...undoing } = conv.undoing;
        next = { ...conv, undoing };
        text = say.undoneReply(entry[1].transaction, await timeZoneOf(userId));
        transaction = entry[1].transaction;
      } else return null;
      // The message first, under an id derived from the event: a redelivery finds it and adds none.
      const message = await addMessage(userId, 'assistant', text, [transaction], `saga:${event.id}`, event.id);
      if (await save(conv, next)) return message;
    }
    throw new Error(`conversation of ${userId} kept changing; will retry`);
  }

  /** FINANCIALDATA_UPDATED and BUDGET_EXCEEDED into the local read model; replays change nothing. */
  async function applyFiguresEvent(event: EventsOfTopic<typeof TOPICS.financialData>): Promise<void> {
    try {
      if (event.type === 'FINANCIALDATA_UPDATED') {
        const { userId, month, version } = event.data;
        await figures.updateOne(
          { _id: figuresId(userId, month), ...olderThan(version) },
          { $set: { userId, month, version, figures: toStoredJson(event.data.figures) } },
          { upsert: true },
        );
      } else if (event.type === 'BUDGET_EXCEEDED') {
        const { userId, budgetId, month, categoryCode, budget, spent } = event.data;
        await alerts.updateOne({ _id: `${budgetId}|${month}` }, { $set: { userId, month, categoryCode, budget: { ...budget }, spent: { ...spent } } }, { upsert: true });
      }
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return; // a newer version is already there
      throw err;
    }
  }

  async function history(userId: string, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first, { fallback: 50, max: 200 });
    const filter: Filter<MessageDoc> = { userId };
    if (after) {
      const [at, id] = decodeCursor(after, 2) as [number, string];
      filter.$or = [{ createdAt: { $lt: new Date(at) } }, { createdAt: new Date(at), _id: { $lt: id } }];
    }
    const docs = await messages.find(filter, { projection: { _outbox: 0 } }).sort({ createdAt: -1, _id: -1 }).limit(size + 1).toArray();
    const page = docs.slice(0, size);
    const cursorOf = (m: MessageDoc) => encodeCursor([m.createdAt.getTime(), m._id]);
    return {
      edges: page.map((m) => ({ cursor: cursorOf(m), node: m })),
      pageInfo: { hasNextPage: docs.length > size, endCursor: page.length ? cursorOf(page.at(-1)!) : null },
    };
  }

  return {
    messages,
    conversations,
    async init() {
      await messages.createIndex({ userId: 1, createdAt: -1, _id: -1 });
      await figures.createIndex({ userId: 1, month: 1 });
      await limits?.init();
    },
    /** Stores the user's message, decides, stores and returns the reply. */
    async send(userId: string, text: string, profile: Profile) {
      if (text.trim().length === 0) throw badInput('Say something', 'text');
      if (text.length > MAX_MESSAGE_LENGTH) throw badInput(`A message is at most ${MAX_MESSAGE_LENGTH} characters`, 'text');
      await limits?.hit(userId, now());
      const mine = await addMessage(userId, 'user', text);
      const reply = await respond(userId, text, profile, mine._id);
      return addMessage(userId, 'assistant', reply.text, reply.transactions);
    },
    message: (userId: string, id: string) => messages.findOne({ _id: id, userId }, { projection: { _outbox: 0 } }),
    history,
    settings: async (userId: string) => ({ autoSave: (await load(userId)).autoSave }),
    async setAutoSave(userId: string, autoSave: boolean) {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const conv = await load(userId);
        if (conv.autoSave === autoSave || (await save(conv, { ...conv, autoSave }))) return { autoSave };
      }
      throw new Error('conversation kept changing; try again');
    },
    learned: async (userId: string) => (await load(userId)).learned,
    applySagaEvent,
    applyFiguresEvent,
    /** Account deletion: the conversation, its messages and the figures kept for it. */
    purge: async (userId: string) => ({
      messages: (await messages.deleteMany({ userId })).deletedCount,
      conversations: (await conversations.deleteMany({ _id: userId })).deletedCount,
      figures: (await figures.deleteMany({ userId })).deletedCount + (await alerts.deleteMany({ userId })).deletedCount,
      limits: (await limits?.purge(userId)) ?? 0,
    }),
  };
}
export type Assistant = ReturnType<typeof createAssistant>;

function toDraftless(): DraftTransaction {
  return { kind: 'expense', title: null, amount: null, categoryCode: 'miscellaneous', mood: null, cognitiveTriggers: [], expenseType: null, paymentMethod: null, incomeType: null, occurredAt: new Date(), confidence: 0 };
}
