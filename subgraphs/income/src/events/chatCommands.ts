// The income side of the chat saga: CHAT_TRANSACTION_REQUESTED (kind income) becomes an income
// created idempotently under the command id, whose INCOME_CREATED carries the command event's id
// as causationid; a refusal is answered with CHAT_TRANSACTION_REJECTED through the outbox (a reply
// document in `saga_replies`, which the record runtime's relay already drains). CHAT_UNDO_REQUESTED
// deletes the record (answered by INCOME_DELETED). Wiring: a consumer runner on TOPICS.chat, group
// `income.chat-commands` (see CHAT_COMMANDS_GROUP).
import type { TOPICS} from '@expensio/events';
import { createEvent, minorUnitsToDecimal, outboxFields, sourceOf, type EventsOfTopic, type ExpensioEvent, type OutboxRelay } from '@expensio/events';
import { isDomainError } from '@expensio/kit';
import type { Db } from 'mongodb';
import type { IncomeService } from '../domain/incomeService.ts';

/** The consumer group of this handler (after the topic prefix in tests). */
export const CHAT_COMMANDS_GROUP = 'income.chat-commands';

type ChatEvent = EventsOfTopic<typeof TOPICS.chat>;

/** Error codes that mean "this command can never succeed": answered, not retried. */
const REFUSALS = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE']);

export function createChatCommandHandler({ incomes, db, relay }: { incomes: Pick<IncomeService, 'create' | 'remove'>; db: Db; relay: OutboxRelay }) {
  const replies = db.collection<{ _id: string; createdAt: Date }>('saga_replies');

  async function reject(event: ExpensioEvent<'CHAT_TRANSACTION_REQUESTED'>, code: string, reason: string) {
    const { commandId, userId, kind } = event.data;
    const rejected = createEvent(
      'CHAT_TRANSACTION_REJECTED',
      { commandId, userId, kind, reason, code },
      { subject: userId, source: sourceOf('income'), correlationId: event.correlationid, causationId: event.id },
    );
    // One reply per command: a redelivered command finds it and sends nothing twice.
    const _id = `chat-rejection:${commandId}`;
    try {
      await replies.insertOne({ _id, createdAt: new Date(), ...outboxFields([rejected]) });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return;
      throw err;
    }
    relay.nudge(replies as never, [_id]);
  }

  return async function handleChatCommand(event: ChatEvent): Promise<void> {
    if (event.type === 'CHAT_TRANSACTION_REQUESTED' && event.data.kind === 'income') {
      const { commandId, userId, record } = event.data;
      try {
        await incomes.create(
          userId,
          {
            title: record.title,
            amount: { amount: minorUnitsToDecimal(record.amount.minor, record.amount.currency), currency: record.amount.currency },
            categoryCode: record.categoryCode,
            receivedAt: record.occurredAt,
            incomeType: record.incomeType,
            idempotencyKey: commandId,
          },
          { source: 'chat', causationId: event.id, correlationId: event.correlationid },
        );
      } catch (err) {
        if (isDomainError(err) && REFUSALS.has(err.code)) return reject(event, err.code, err.message);
        throw err; // transient (profile not there yet, store down): retried by the runner
      }
    } else if (event.type === 'CHAT_UNDO_REQUESTED' && event.data.kind === 'income') {
      try {
        await incomes.remove(event.data.userId, event.data.recordId);
      } catch (err) {
        if (isDomainError(err) && err.code === 'NOT_FOUND') return; // already gone: nothing to undo
        throw err;
      }
    }
  };
}
