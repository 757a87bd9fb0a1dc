import { createUserFanOut, type UserFanOut } from '@expensio/kit';

/**
 * "A message was added to this user's conversation", to this replica's subscriptions. Unlike the
 * dashboard's coalescing signal every message matters, so each subscription queues message ids,
 * at most MAX_QUEUED (a client that stops reading loses the oldest; chatHistory has them all).
 */
const MAX_QUEUED = 100;

export type MessageNotifier = UserFanOut<string>;

export const createMessageNotifier = (): MessageNotifier => createUserFanOut<string>({ maxQueued: MAX_QUEUED });
