// @expensio/events: the event contracts (catalog, envelope, schemas, codec). The Kafka runtime
// (outbox relay, consumer runner, DLQ) builds on them from ./runtime.
export * from './contracts/index.ts';
