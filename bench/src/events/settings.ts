// The benchmark's tuning, in one place (the phase processes use them; main prints them).

/** Documents per insertMany when the service writes as fast as it can. */
export const WRITE_BATCH = 500;
/** Relay round size (MongoOutboxRelayOptions.batchSize, the runtime's default). */
export const RELAY_BATCH = 500;
/** Partitions of the bench topic (ensureTopics' default) and how many the runner handles at once. */
export const PARTITIONS = 3;
export const PARTITIONS_CONCURRENTLY = 3;
/** Bulk writes in flight within one fetched batch (distinct user-months, so order is moot). */
export const APPLY_CONCURRENCY = 2;
/** Raw ceiling producer: messages per send, sends in flight. */
export const RAW_BATCH = 500;
export const RAW_IN_FLIGHT = 4;
