// Events of the chat aggregate (a user's conversation with the assistant), on expensio.chat.v1.
// Saving from the chat is a saga: chat publishes a command, the expense or income subgraph creates
// the record keyed by the command id (its EXPENSE_CREATED / INCOME_CREATED carries the command
// event's id as causationid) or answers CHAT_TRANSACTION_REJECTED. Chat never writes their stores.
import { z } from 'zod';
import { defineEventType } from './defineEventType.ts';
import { categoryCodeSchema, entityIdSchema, isoDateTimeSchema, nonNegativeMoneySchema } from './primitives.ts';
import { TOPICS } from './topics.ts';
import { checkUnique } from './versionedChange.ts';
import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, INCOME_TYPES, MOODS, PAYMENT_METHODS } from './vocabulary.ts';

export const CHAT_TRANSACTION_KINDS = ['expense', 'income'] as const;

/** The record to create, in domain codes; fields of the other kind are null (or empty). */
export const chatTransactionRecordSchema = z.object({
  title: z.string().min(1),
  amount: nonNegativeMoneySchema,
  categoryCode: categoryCodeSchema,
  /** occurredAt of an expense, receivedAt of an income. */
  occurredAt: isoDateTimeSchema,
  mood: z.enum(MOODS).nullable(),
  cognitiveTriggers: z.array(z.enum(COGNITIVE_TRIGGERS)).superRefine(checkUnique),
  expenseType: z.enum(EXPENSE_TYPES).nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS).nullable(),
  incomeType: z.enum(INCOME_TYPES).nullable(),
});

export const chatTransactionRequestedDataV1 = z.object({
  /** The command's id: the idempotency key of the record it creates. */
  commandId: z.uuid(),
  userId: entityIdSchema,
  kind: z.enum(CHAT_TRANSACTION_KINDS),
  record: chatTransactionRecordSchema,
  /** The conversation the answer goes back to (the user's). */
  conversationId: entityIdSchema,
});

export const chatTransactionRequested = defineEventType({
  type: 'CHAT_TRANSACTION_REQUESTED',
  topic: TOPICS.chat,
  version: 1,
  schema: chatTransactionRequestedDataV1,
  description: 'The assistant asks the expense or income subgraph to create a record the user confirmed.',
});

export const chatTransactionRejectedDataV1 = z.object({
  commandId: z.uuid(),
  userId: entityIdSchema,
  kind: z.enum(CHAT_TRANSACTION_KINDS),
  /** Why, in words the assistant can show the user ("amount must be positive"). */
  reason: z.string().min(1),
  /** The error code of the refusal (BAD_USER_INPUT, NOT_FOUND, ...). */
  code: z.string().min(1),
});

export const chatTransactionRejected = defineEventType({
  type: 'CHAT_TRANSACTION_REJECTED',
  topic: TOPICS.chat,
  version: 1,
  schema: chatTransactionRejectedDataV1,
  description: 'The expense or income subgraph refused a CHAT_TRANSACTION_REQUESTED; carries the reason.',
});

export const chatUndoRequestedDataV1 = z.object({
  commandId: z.uuid(),
  userId: entityIdSchema,
  kind: z.enum(CHAT_TRANSACTION_KINDS),
  /** The expense or income the chat saved and the user wants removed. */
  recordId: entityIdSchema,
  conversationId: entityIdSchema,
});

export const chatUndoRequested = defineEventType({
  type: 'CHAT_UNDO_REQUESTED',
  topic: TOPICS.chat,
  version: 1,
  schema: chatUndoRequestedDataV1,
  description: 'The assistant asks to delete a record it saved; answered by EXPENSE_DELETED / INCOME_DELETED.',
});

export const chatMessageAddedDataV1 = z.object({
  userId: entityIdSchema,
  messageId: entityIdSchema,
  role: z.enum(['user', 'assistant']),
  createdAt: isoDateTimeSchema,
});

export const chatMessageAdded = defineEventType({
  type: 'CHAT_MESSAGE_ADDED',
  topic: TOPICS.chat,
  version: 1,
  schema: chatMessageAddedDataV1,
  description: "A message was added to a user's conversation; every chat replica pushes it to its subscribers.",
});
