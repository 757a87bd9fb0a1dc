import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Collection } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaTestNamespace, createTestMongoDb, getStackEnv, type KafkaTestNamespace } from '@expensio/testing';
import {
  applyEventOnce,
  createConsumerRunner,
  createMongoOutboxRelay,
  OUTBOX_FIELD,
  TOPICS,
  type ConsumerRunner,
} from '../src/index.ts';
import { expenseCreated } from './fixtures.ts';

type Row = { _id: string; [field: string]: unknown };

/** Runs a script of ./crash in its own process and resolves with how it ended. */
function runUntilDeath(script: string, env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; messages: unknown[] }> {
  const messages: unknown[] = [];
  const child: ChildProcess = fork(fileURLToPath(new URL(`./crash/${script}`, import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (m) => messages.push(m));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not die within 60 s`));
    }, 60_000);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ signal, messages });
    });
  });
}

describe('crashes lose nothing and double nothing (real Kafka, FerretDB, SIGKILL)', () => {
  let ns: KafkaTestNamespace;
  let mongo: Awaited<ReturnType<typeof createTestMongoDb>>;
  let totals: Collection<Row>;
  let expenses: Collection<Row>;
  const runners: ConsumerRunner[] = [];

  function startProjection(groupId: string): Promise<ConsumerRunner> {
    const runner = createConsumerRunner({
      kafka: ns.kafka,
      groupId,
      topics: [TOPICS.expense],
      topicPrefix: ns.topicPrefix,
      deadLetters: ns.producer,
      handle: async (event) => {
        if (event.type !== 'EXPENSE_CREATED') return;
        await applyEventOnce(totals, event.id, {
          filter: { _id: event.subject },
          update: { $inc: { spentMinor: event.data.amount.minor, count: 1 } },
        });
      },
    });
    runners.push(runner);
    return runner.start().then(() => runner);
  }

  const baseEnv = () => ({
    MONGODB_URI: getStackEnv().MONGODB_URI,
    KAFKA_BROKERS: getStackEnv().KAFKA_BROKERS,
    DB_NAME: mongo.name,
    TOPIC_PREFIX: ns.topicPrefix,
  });

  beforeAll(async () => {
    ns = await createKafkaTestNamespace({ partitions: 1 });
    mongo = await createTestMongoDb('crash');
    totals = mongo.db.collection<Row>('totals');
    expenses = mongo.db.collection<Row>('expenses');
  });

  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await ns.cleanup();
    await mongo.drop();
  });

  it.each(['before-publish', 'after-publish'] as const)(
    'a relay killed %s: after a restart the event arrives and is applied once',
    async (dieAt) => {
      const userId = `user-relay-${dieAt}`;
      const expenseId = `exp-${dieAt}`;
      // Given a service that wrote an expense and died inside its relay
      const { signal } = await runUntilDeath('relayThatDies.ts', { ...baseEnv(), DIE_AT: dieAt, USER_ID: userId, EXPENSE_ID: expenseId });
      expect(signal).toBe('SIGKILL');
      const left = await expenses.findOne({ _id: expenseId });
      expect(left?.[OUTBOX_FIELD]).toHaveLength(1); // the event survived the crash in the document

      // When the service restarts (its relay's first round sweeps for pending entries)
      const relay = createMongoOutboxRelay({ collections: [expenses as never], producer: ns.producer });
      relay.start();
      const projection = await startProjection(ns.groupId(`relay-${dieAt}`));

      // Then the event is applied exactly once, even when it was published twice
      await expect.poll(async () => (await totals.findOne({ _id: userId }))?.count, { timeout: 30_000 }).toBe(1);
      await relay.stop();
      await projection.stop(); // later tests publish on the same topic
      expect((await expenses.findOne({ _id: expenseId }))?.[OUTBOX_FIELD]).toEqual([]);
      expect(await totals.findOne({ _id: userId })).toMatchObject({ spentMinor: 1_999, count: 1 });
    },
  );

  it('a consumer killed mid-batch before committing reprocesses without double effects', async () => {
    const userId = 'user-consumer-crash';
    const events = Array.from({ length: 20 }, (_, i) => expenseCreated(userId, 100 + i));
    await ns.producer.publish(events);
    const groupId = ns.groupId('consumer-crash');

    // Given a consumer that applied 7 of the 20 events and died before its batch was committed
    const { signal } = await runUntilDeath('consumerThatDies.ts', { ...baseEnv(), GROUP_ID: groupId, DIE_AFTER: '7', USER_ID: userId });
    expect(signal).toBe('SIGKILL');
    expect((await totals.findOne({ _id: userId }))?.count).toBe(7);
    const admin = ns.kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [`${ns.topicPrefix}${TOPICS.expense}`] });
    await admin.disconnect();
    expect(Number(committed!.partitions[0]!.offset)).toBeLessThan(20); // the batch was not committed

    // When the group resumes, the uncommitted events come again
    await startProjection(groupId);

    // Then every event counts once
    const expectedMinor = events.reduce((n, e) => n + e.data.amount.minor, 0);
    await expect.poll(async () => (await totals.findOne({ _id: userId }))?.count, { timeout: 30_000 }).toBe(20);
    expect(await totals.findOne({ _id: userId })).toMatchObject({ spentMinor: expectedMinor, count: 20 });
  });
});
