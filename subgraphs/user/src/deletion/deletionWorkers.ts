import { createConsumerRunner, TOPICS } from '@expensio/events';
import type { EventProducer, OutboxRelay } from '@expensio/events';
import type { Logger } from '@expensio/kit';
import type { Kafka } from 'kafkajs';
import type { DeletionSaga } from './deletionSaga.ts';

export interface DeletionWorkersOptions {
  saga: DeletionSaga;
  kafka: Kafka;
  /** Sends the consumer's dead letters. */
  producer: EventProducer;
  relay: Pick<OutboxRelay, 'nudge'>;
  groupId: string;
  topicPrefix?: string;
  /** How often overdue sagas are looked for. Default 30 s. */
  checkIntervalMs?: number;
  log: Logger;
}

export interface DeletionWorkers {
  stop(): Promise<void>;
}

/**
 * The saga's moving parts: a consumer of USER_DATA_PURGED (idempotent, by event id) and a timer
 * that resends to silent participants or fails the saga. Both write events to the outbox and
 * nudge the relay.
 */
export async function startDeletionWorkers(
  options: DeletionWorkersOptions,
): Promise<DeletionWorkers> {
  const { saga, relay, log } = options;
  const consumer = createConsumerRunner({
    kafka: options.kafka,
    groupId: options.groupId,
    topics: [TOPICS.user],
    topicPrefix: options.topicPrefix ?? '',
    deadLetters: options.producer,
    log,
    handle: async (event) => {
      if (event.type !== 'USER_DATA_PURGED') return;
      await saga.handlePurged(event);
      relay.nudge();
    },
  });
  await consumer.start();

  let checking: Promise<void> | undefined;
  const check = () => {
    checking ??= Promise.resolve()
      .then(() => saga.checkOverdue())
      .then((touched) => {
        if (touched > 0) relay.nudge();
      })
      .catch((err: unknown) => log.error({ err }, 'deletion saga check failed; will retry'))
      .finally(() => {
        checking = undefined;
      });
  };
  const timer = setInterval(check, options.checkIntervalMs ?? 30_000);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await checking;
      await consumer.stop();
    },
  };
}
