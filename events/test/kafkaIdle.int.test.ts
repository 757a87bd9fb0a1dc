import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTestNamespace, type KafkaTestNamespace } from '@expensio/testing';
import { createConsumerRunner, TOPICS } from '../src/index.ts';

const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as {
  prototype: { checkPendingRequests(): void };
};

/**
 * kafkajs 2.2.4 checked every connection's request queue every millisecond, forever, from its first
 * response on (kafkajsIdleFix.ts). A connected, idle consumer and producer on the real broker must
 * leave their queues alone between the heartbeats and long polls they really make.
 */
describe('kafkajs connections at rest (real Kafka)', () => {
  let ns: KafkaTestNamespace;
  const original = RequestQueue.prototype.checkPendingRequests;
  let checks = 0;

  beforeAll(async () => {
    ns = await createKafkaTestNamespace({ partitions: 1 });
    RequestQueue.prototype.checkPendingRequests = function counted(this: unknown) {
      checks += 1;
      original.call(this);
    };
  });

  afterAll(async () => {
    RequestQueue.prototype.checkPendingRequests = original;
    await ns.cleanup();
  });

  it('given a connected consumer and producer with nothing to do, then their queues are checked only when a response arrives', async () => {
    const runner = createConsumerRunner({
      kafka: ns.kafka,
      groupId: `${ns.topicPrefix}idle`,
      topics: [TOPICS.expense],
      topicPrefix: ns.topicPrefix,
      deadLetters: ns.producer,
      handle: async () => {},
    });
    await runner.start();
    await new Promise((r) => setTimeout(r, 2_000)); // joined and fetching
    checks = 0;
    await new Promise((r) => setTimeout(r, 2_000));
    const inTwoSeconds = checks;
    await runner.stop();
    // A heartbeat every 3 s and a long poll of up to 5 s per connection: a handful. Unfixed, each
    // of the connections made ~900 checks per second.
    expect(inTwoSeconds).toBeLessThan(50);
  });
});
