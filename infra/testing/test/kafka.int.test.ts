import { createKafkaClient } from '@expensio/events';
import { describe, expect, it } from 'vitest';
import { deleteTopicsUnder, pruneStaleTestTopics } from '../src/kafka.ts';
import { getStackEnv } from '../src/stackEnv.ts';

const HOUR = 60 * 60 * 1000;

describe('test topics on a broker that outlives runs', () => {
  const kafka = createKafkaClient({ brokers: getStackEnv().KAFKA_BROKERS.split(','), clientId: 'expensio-test-topics' });

  async function topics(): Promise<string[]> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }
  async function create(names: string[]): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  }
  const namespace = (kind: 't' | 'e2e', startedAt: number) => `${kind}-${startedAt.toString(36)}-${Math.random().toString(16).slice(2, 8).padEnd(6, '0')}.`;

  it('deletes the namespaces of runs older than the limit, and leaves younger ones and other topics', async () => {
    // Namespaces named as if made hours ago; every live run's is younger than the limit.
    const now = Date.now();
    const old = [namespace('t', now - 7 * HOUR), namespace('e2e', now - 30 * HOUR)];
    const young = namespace('e2e', now - HOUR);
    const other = `kept-${Date.now().toString(36)}.expensio.expense.v1`;
    await create([...old.map((p) => `${p}expensio.expense.v1`), `${old[1]}expensio.expense.v1.dlq`, `${young}expensio.expense.v1`, other]);

    expect(await pruneStaleTestTopics(kafka, 6 * HOUR, now)).toBeGreaterThanOrEqual(3);
    const left = await topics();
    expect(left.filter((t) => old.some((p) => t.startsWith(p)))).toEqual([]);
    expect(left).toContain(`${young}expensio.expense.v1`);
    expect(left).toContain(other);

    await deleteTopicsUnder(kafka, young);
    await deleteTopicsUnder(kafka, other);
    expect((await topics()).filter((t) => t.startsWith(young) || t === other)).toEqual([]);
  });
});
