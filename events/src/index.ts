// @expensio/events: the event contracts (catalog, envelope, schemas, codec), the Kafka runtime
// (producer, consumer runner, outbox relays, idempotency, dead letters) and operations on them.
export * from './contracts/index.ts';
export * from './runtime/index.ts';
export * from './ops/index.ts';
