// The benchmark's tuning, in one place (the phase processes use them; main prints them).

/** Documents per insertMany when the service writes as fast as it can. */
export const WRITE_BATCH = 500;
/**
 * Relay round size (MongoOutboxRelayOptions.batchSize; the runtime's default is 500). FerretDB
 * 1.24 on SQLite keeps one pooled connection per statement of an `update` command until the
 * command ends, and its pool has 100 per database: a clear (one bulkWrite of one $pullAll per
 * document) of ~100 documents or more deadlocks that database for good. 50 stays clear of it.
 */
export const RELAY_BATCH = 50;
/** Partitions of the bench topic (ensureTopics' default) and how many the runner handles at once. */
export const PARTITIONS = 3;
export const PARTITIONS_CONCURRENTLY = 3;
/** User-month writes in flight within one fetched batch (distinct documents, so order is moot). */
export const APPLY_CONCURRENCY = 8;
/** Raw ceiling producer: messages per send, sends in flight. */
export const RAW_BATCH = 500;
export const RAW_IN_FLIGHT = 4;
