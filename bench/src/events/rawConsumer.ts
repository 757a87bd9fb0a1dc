// Phase process (d): the ceiling's consumer. Plain kafkajs eachBatch that only counts, with
// kafkajs' automatic commits: what fetching alone costs on this broker.
import { createKafkaClient, TOPICS } from '@expensio/events';
import { runChild } from './child.ts';
import { waitForStableGroup } from './figures.ts';
import { PARTITIONS_CONCURRENTLY } from './settings.ts';

let received = 0;

runChild(
  async ({ config, ready, stopped }) => {
    const kafka = createKafkaClient({ brokers: config.brokers, clientId: 'bench-raw-consumer' });
    const consumer = kafka.consumer({ groupId: config.groupId, allowAutoTopicCreation: false });
    let lastAt = 0;
    let done: () => void = () => {};
    const all = new Promise<void>((r) => (done = r));
    await consumer.connect();
    await consumer.subscribe({
      topics: [`${config.topicPrefix}${TOPICS.expense}`],
      fromBeginning: true,
    });
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
        lastAt = Date.now();
        if (received >= config.events) done();
      },
    });
    await waitForStableGroup(kafka, config.groupId);
    ready();
    await Promise.race([all, stopped]);
    await consumer.disconnect();
    return { received, lastAt };
  },
  () => ({ received }),
);
