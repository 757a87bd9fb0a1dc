// Wiring of the chat's parts, shared by main.ts and the tests: the assistant, its consumers (user
// directory and deletion saga; saga answers; the figures read model; the per-replica push) and the
// outbox relay over the documents that carry its events.
import { randomUUID } from 'node:crypto';
import { createConsumerRunner, createMongoOutboxRelay, TOPICS, type EventProducer, type Logger } from '@expensio/events';
import { createUserEventsConsumer } from '@expensio/kit';
import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { ChatDeps } from './context.ts';
import { createAssistant } from './domain/assistant.ts';
import { createMessageNotifier } from './domain/notifier.ts';
import { readChatConfig, type ChatConfig } from './llm/config.ts';
import { createOpenAiInterpreter } from './llm/interpreter.ts';
import { createLimits } from './llm/limits.ts';

/** Consumer groups (after the topic prefix in tests); the push group gets the replica id appended. */
export const CHAT_GROUPS = { users: 'chat.users', saga: 'chat.saga', figures: 'chat.figures', push: 'chat.push' } as const;

export async function configureChat({ db, kafka, producer, topicPrefix = '', log, replicaId = randomUUID(), config = readChatConfig() }: {
  db: Db;
  kafka: Kafka;
  producer: EventProducer;
  topicPrefix?: string;
  log: Logger;
  replicaId?: string;
  /** OpenAI and limits; default from process.env (see llm/config.ts). */
  config?: ChatConfig;
}) {
  const relay = createMongoOutboxRelay({ collections: [db.collection('messages'), db.collection('conversations'), db.collection('saga_replies')], producer, log });
  const limits = createLimits(db, { perMinute: config.rateLimitPerMinute, monthlyTokens: config.monthlyTokenAllowance });
  const interpreter = config.openai ? createOpenAiInterpreter(config.openai, log) : null;
  log.info({ openai: config.openai ? { model: config.openai.model, timeoutMs: config.openai.timeoutMs } : false }, 'chat language understanding');
  const assistant = createAssistant(db, relay, { limits, interpreter });
  await assistant.init();
  const notifier = createMessageNotifier();
  const { directory, users } = createUserEventsConsumer({
    service: 'chat',
    db,
    relay,
    kafka,
    producer,
    topicPrefix,
    log,
    groupId: `${topicPrefix}${CHAT_GROUPS.users}`,
    purge: (userId) => assistant.purge(userId),
  });
  const timeZoneOf = async (userId: string) => (await directory.get(userId).catch(() => ({ timeZone: 'UTC' }))).timeZone;
  const common = { kafka, topicPrefix, deadLetters: producer, log };
  const pushGroupId = `${topicPrefix}${CHAT_GROUPS.push}.${replicaId}`;
  const consumers = [
    users,
    createConsumerRunner({
      ...common,
      groupId: `${topicPrefix}${CHAT_GROUPS.saga}`,
      topics: [TOPICS.expense, TOPICS.income, TOPICS.chat],
      handle: async (event) => void (await assistant.applySagaEvent(event, timeZoneOf)),
    }),
    createConsumerRunner({
      ...common,
      groupId: `${topicPrefix}${CHAT_GROUPS.figures}`,
      topics: [TOPICS.financialData],
      handle: (event) => assistant.applyFiguresEvent(event),
    }),
    createConsumerRunner({
      ...common,
      groupId: pushGroupId,
      topics: [TOPICS.chat],
      // Only what happens from now on matters to the subscribers connected now.
      fromBeginning: false,
      handle: async (event) => {
        if (event.type === 'CHAT_MESSAGE_ADDED') notifier.notify(event.data.userId, event.data.messageId);
      },
    }),
  ];
  const deps: ChatDeps = { assistant, directory, notifier };
  return { deps, relay, consumers, pushGroupId };
}
