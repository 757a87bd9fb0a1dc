// The Kafka runtime: producer, consumer runner, outboxes, idempotency, dead letters.
export { createKafkaClient, type KafkaClientOptions } from './kafkaClient.ts';
export { ensureTopics, type EnsureTopicsOptions } from './ensureTopics.ts';
export {
  createEventProducer,
  type EventProducer,
  type EventProducerOptions,
  type TopicMessage,
} from './createEventProducer.ts';
export {
  createConsumerRunner,
  type BatchItem,
  type ConsumedFrom,
  type ConsumerRunner,
  type ConsumerRunnerOptions,
  type HandlerContext,
  type RunnerState,
} from './createConsumerRunner.ts';
export { DEFAULT_RETRY_POLICY, PermanentError, retryDelayMs, type RetryPolicy } from './retryPolicy.ts';
export { DLQ_HEADERS, deadLetterHeaders, readDeadLetterInfo, type DeadLetterInfo } from './dlq.ts';
export {
  OUTBOX_FIELD,
  TOMBSTONE_FIELD,
  createMongoOutboxRelay,
  notDeleted,
  outboxFields,
  toOutboxEntries,
  tombstoneUpdate,
  withOutbox,
  withOutboxEntries,
  type MongoOutboxRelayOptions,
  type OutboxEntry,
  type HandedOver,
  type OutboxRelay,
} from './mongoOutbox.ts';
export {
  APPLIED_FIELD,
  applyEventOnce,
  applyEventsOnce,
  applyManyOnce,
  olderThan,
  type ApplyManyItem,
  type ApplyOutcome,
} from './mongoIdempotency.ts';
export {
  applyOnceInTx,
  createPgOutboxRelay,
  enqueueEvents,
  outbox,
  pendingOutboxRows,
  processedEvents,
  type PgOutboxRelayOptions,
} from './pgOutbox.ts';
export { silentLogger, type Logger } from './logger.ts';
