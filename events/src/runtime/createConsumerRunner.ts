import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { decodeMessage, type EventsOfTopic, type Topic } from '../contracts/index.ts';
import type { EventProducer } from './createEventProducer.ts';
import { deadLetterHeaders } from './dlq.ts';
import { silentLogger, type Logger } from './logger.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retryPolicy.ts';

/** Where a message came from, for handlers that log or record it. */
export interface ConsumedFrom {
  readonly topic: Topic;
  readonly partition: number;
  readonly offset: string;
}

export interface HandlerContext extends ConsumedFrom {
  /** 1 on the first try. */
  readonly attempt: number;
  /** Call during long work so the group does not think this consumer died. */
  heartbeat(): Promise<void>;
}

export interface BatchItem<E> {
  readonly event: E;
  readonly from: ConsumedFrom;
}

export interface ConsumerRunnerOptions<Tp extends Topic> {
  kafka: Kafka;
  /** `<service>.<purpose>`, e.g. `financial-data.aggregates`; one group per service and purpose. */
  groupId: string;
  topics: readonly Tp[];
  /**
   * Applies one event. It must be idempotent (the same event may arrive again after a crash) and
   * must resolve only once its effect is durable: the offset is committed after it resolves.
   */
  handle: (event: EventsOfTopic<Tp>, ctx: HandlerContext) => Promise<void>;
  /**
   * Optional fast path: applies a whole fetched batch (already decoded and in order) in one go,
   * e.g. one write per user-month for many events. If it throws, the runner falls back to
   * `handle` one event at a time, with retries, so one bad event cannot hold the others back.
   */
  handleBatch?: (
    items: readonly BatchItem<EventsOfTopic<Tp>>[],
    heartbeat: () => Promise<void>,
  ) => Promise<void>;
  /** Dead letters are sent with this producer (connected by the caller). */
  deadLetters: EventProducer;
  /** Retry policy for handler errors; see DEFAULT_RETRY_POLICY for the defaults. */
  retry?: Partial<RetryPolicy>;
  /**
   * Where a group with no committed offset starts. Default true: a new projection reads its
   * topics from the earliest offset, which is also how a rebuild works.
   */
  fromBeginning?: boolean;
  /** Namespace prefix of the physical topic names. Default none. */
  topicPrefix?: string;
  /** Partitions processed in parallel. Default 1; order per partition (per user) always holds. */
  partitionsConsumedConcurrently?: number;
  /** Upper bound for one fetch, in bytes. Default kafkajs' (10 MB). */
  maxBytes?: number;
  log?: Logger;
}

export type RunnerState = 'idle' | 'starting' | 'running' | 'draining' | 'stopped';

export interface ConsumerRunner {
  start(): Promise<void>;
  /** Finishes the message in hand, commits what was processed, and leaves the group. */
  stop(): Promise<void>;
  readonly state: RunnerState;
  /** Counts since start, for logs, metrics and tests. */
  readonly stats: { processed: number; deadLettered: number; retried: number; batches: number };
}

/** Signals "shutting down: leave this message uncommitted" out of the retry loop. */
class Draining extends Error {}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string')
    return err.code;
  return 'HANDLER_ERROR';
}

async function sleepWithHeartbeat(
  ms: number,
  heartbeat: () => Promise<void>,
  isRunning: () => boolean,
) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isRunning()) throw new Draining();
    await new Promise((r) => setTimeout(r, Math.min(1_000, until - Date.now())));
    await heartbeat();
  }
}

/**
 * Runs an idempotent consumer: manual commits only after effects are durable, validation failures
 * dead-lettered at once, handler errors retried with backoff and jitter and then dead-lettered
 * with their context in headers; the consumer always moves on to the next message.
 */
export function createConsumerRunner<Tp extends Topic>(
  options: ConsumerRunnerOptions<Tp>,
): ConsumerRunner {
  const {
    kafka,
    groupId,
    topics,
    handle,
    handleBatch,
    deadLetters,
    fromBeginning = true,
    topicPrefix = '',
    partitionsConsumedConcurrently = 1,
    maxBytes,
    log = silentLogger,
  } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const stats = { processed: 0, deadLettered: 0, retried: 0, batches: 0 };
  let state: RunnerState = 'idle';
  let consumer: Consumer | undefined;

  const logicalTopic = (physical: string) => physical.slice(topicPrefix.length) as Tp;

  async function deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    err: unknown,
    attempts: number,
  ) {
    const errorMessage = err instanceof Error ? err.message : String(err);
    const code = attempts === 0 ? 'VALIDATION_FAILED' : errorCode(err);
    await deadLetters.sendMessages([
      {
        topic: `${topic}.dlq`,
        message: {
          key: message.key,
          value: message.value,
          headers: deadLetterHeaders(message.headers, {
            errorMessage,
            errorCode: code,
            attempts,
            originalTopic: topic,
            originalPartition: partition,
            originalOffset: message.offset,
            consumerGroup: groupId,
            failedAt: new Date().toISOString(),
          }),
        },
      },
    ]);
    stats.deadLettered += 1;
    log.warn(
      { groupId, topic, partition, offset: message.offset, code, attempts, err: errorMessage },
      'message dead-lettered',
    );
  }

  async function processOne(
    item: BatchItem<EventsOfTopic<Tp>>,
    physicalTopic: string,
    message: KafkaMessage,
    payload: EachBatchPayload,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await handle(item.event, { ...item.from, attempt, heartbeat: payload.heartbeat });
        stats.processed += 1;
        return;
      } catch (err) {
        if (err instanceof Draining) throw err;
        if (attempt > policy.maxRetries || !policy.shouldRetry(err)) {
          await deadLetter(physicalTopic, item.from.partition, message, err, attempt);
          return;
        }
        stats.retried += 1;
        const delay = retryDelayMs(attempt, policy);
        log.warn(
          { groupId, offset: message.offset, attempt, delay, err: (err as Error)?.message },
          'handler failed; retrying',
        );
        await sleepWithHeartbeat(
          delay,
          payload.heartbeat,
          () => payload.isRunning() && state === 'running',
        );
      }
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const physicalTopic = batch.topic;
    const topic = logicalTopic(physicalTopic);
    const live = () => isRunning() && !isStale() && state === 'running';
    let commitUpTo: string | undefined;
    const commit = async () => {
      if (commitUpTo === undefined || !consumer) return;
      await consumer.commitOffsets([
        {
          topic: physicalTopic,
          partition: batch.partition,
          offset: (BigInt(commitUpTo) + 1n).toString(),
        },
      ]);
    };
    stats.batches += 1;

    // Decode everything first; what fails validation goes to the DLQ straight away.
    const decoded: { message: KafkaMessage; item?: BatchItem<EventsOfTopic<Tp>> }[] = [];
    for (const message of batch.messages) {
      const result = decodeMessage(message, { topic });
      const from = { topic, partition: batch.partition, offset: message.offset };
      decoded.push(
        result.ok
          ? { message, item: { event: result.event as EventsOfTopic<Tp>, from } }
          : { message },
      );
      if (!result.ok) await deadLetter(physicalTopic, batch.partition, message, result.error, 0);
    }

    try {
      const items = decoded.flatMap((d) => (d.item ? [d.item] : []));
      let batchDone = false;
      if (handleBatch && items.length > 1 && live()) {
        try {
          await handleBatch(items, heartbeat);
          stats.processed += items.length;
          batchDone = true;
        } catch (err) {
          log.warn(
            { groupId, err: (err as Error)?.message, size: items.length },
            'batch handler failed; one by one',
          );
        }
      }
      for (const { message, item } of decoded) {
        if (!batchDone && item) {
          if (!live()) break;
          await processOne(item, physicalTopic, message, payload);
        }
        resolveOffset(message.offset);
        commitUpTo = message.offset;
        await heartbeat();
      }
    } catch (err) {
      if (!(err instanceof Draining)) {
        // Not committed: kafkajs restarts the consumer and the batch comes again from the last commit.
        await commit();
        throw err;
      }
    }
    await commit();
  }

  return {
    get state() {
      return state;
    },
    stats,
    async start() {
      if (state !== 'idle' && state !== 'stopped') return;
      state = 'starting';
      consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, ...(maxBytes ? { maxBytes } : {}) });
      await consumer.connect();
      await consumer.subscribe({ topics: topics.map((t) => `${topicPrefix}${t}`), fromBeginning });
      // autoCommit belongs to run(), not to the consumer's constructor (the original project got
      // that wrong and kept auto-commit on beside its manual commits).
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently,
        eachBatch,
      });
      state = 'running';
      log.info({ groupId, topics }, 'consumer running');
    },
    async stop() {
      if (state !== 'running' && state !== 'starting') return;
      state = 'draining';
      // disconnect() waits for the batch in hand (which commits what it finished) and leaves the group.
      await consumer?.disconnect();
      state = 'stopped';
      log.info({ groupId, stats }, 'consumer stopped');
    },
  };
}
