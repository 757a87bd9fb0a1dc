// The record side of the chat saga, for expense and income alike: CHAT_TRANSACTION_REQUESTED of the
// subgraph's kind becomes a record created idempotently under the command id (its *_CREATED event
// carries the command event's id as causationid); a refusal is answered with
// CHAT_TRANSACTION_REJECTED through the outbox (a reply document in `saga_replies`, which the record
// runtime's relay drains). CHAT_UNDO_REQUESTED deletes the record (answered by *_DELETED).
import {
  createConsumerRunner,
  createEvent,
  outboxFields,
  sourceOf,
  TOPICS,
  type ConsumerRunner,
  type EventData,
  type ExpensioEvent,
  type OutboxRelay,
} from '@expensio/events';
import { isDomainError } from './errors.ts';
import type { RecordSubgraphParts } from './recordSubgraph.ts';

export type ChatRecord = EventData<'CHAT_TRANSACTION_REQUESTED'>['record'];

/** Error codes that mean "this command can never succeed": answered, not retried. */
const REFUSALS = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'PAYLOAD_TOO_LARGE']);

export interface ChatCommandTarget {
  service: 'expense' | 'income';
  /** Creates the record; `idempotencyKey` is the command id. */
  create(userId: string, record: ChatRecord, idempotencyKey: string, provenance: { source: 'chat'; causationId: string; correlationId: string }): Promise<unknown>;
  remove(userId: string, recordId: string): Promise<unknown>;
}

export function createChatCommandHandler({ target, parts, relay }: { target: ChatCommandTarget; parts: RecordSubgraphParts; relay: OutboxRelay }) {
  const replies = parts.db.collection<{ _id: string; createdAt: Date }>('saga_replies');

  async function reject(event: ExpensioEvent<'CHAT_TRANSACTION_REQUESTED'>, code: string, reason: string) {
    const { commandId, userId, kind } = event.data;
    const rejected = createEvent(
      'CHAT_TRANSACTION_REJECTED',
      { commandId, userId, kind, reason, code },
      { subject: userId, source: sourceOf(target.service), correlationId: event.correlationid, causationId: event.id },
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

  return async function handleChatCommand(event: ExpensioEvent): Promise<void> {
    if (event.type === 'CHAT_TRANSACTION_REQUESTED' && event.data.kind === target.service) {
      const { commandId, userId, record } = event.data;
      try {
        await target.create(userId, record, commandId, { source: 'chat', causationId: event.id, correlationId: event.correlationid });
      } catch (err) {
        if (isDomainError(err) && REFUSALS.has(err.code)) return reject(event, err.code, err.message);
        throw err; // transient (profile not there yet, store down): retried by the runner
      }
    } else if (event.type === 'CHAT_UNDO_REQUESTED' && event.data.kind === target.service) {
      try {
        await target.remove(event.data.userId, event.data.recordId);
      } catch (err) {
        if (isDomainError(err) && err.code === 'NOT_FOUND') return; // already gone: nothing to undo
        throw err;
      }
    }
  };
}

/** The consumer of chat commands, group `<service>.chat-commands` (after the topic prefix). */
export function createChatCommandConsumer({ target, parts, relay }: { target: ChatCommandTarget; parts: RecordSubgraphParts; relay: OutboxRelay }): ConsumerRunner {
  const { kafka, producer, topicPrefix = '', log } = parts;
  return createConsumerRunner({
    kafka,
    groupId: `${topicPrefix}${target.service}.chat-commands`,
    topics: [TOPICS.chat],
    topicPrefix,
    deadLetters: producer,
    log,
    handle: createChatCommandHandler({ target, parts, relay }),
  });
}
