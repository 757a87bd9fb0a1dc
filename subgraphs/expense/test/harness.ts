// Starts the expense subgraph the way main.ts does, on a Kafka namespace and a database of its own,
// with a test signing key, and collects what it publishes.
import { randomUUID } from 'node:crypto';
import {
  createConsumerRunner,
  createEvent,
  sourceOf,
  TOPICS,
  type EventsOfTopic,
} from '@expensio/events';
import { createLogger, createTokenVerifier } from '@expensio/kit';
import {
  createKafkaTestNamespace,
  createTestAuth,
  getStackEnv,
  graphqlRequest,
  uniqueName,
} from '@expensio/testing';
import mongoose from 'mongoose';
import { configureExpense } from '../src/app.ts';
import { buildExpenseServer } from '../src/server.ts';

export type ExpenseEvent = EventsOfTopic<typeof TOPICS.expense>;

export async function startExpenseSubgraph() {
  const ns = await createKafkaTestNamespace();
  const conn = await mongoose
    .createConnection(getStackEnv().MONGODB_URI, { dbName: uniqueName('expense').replaceAll('-', '_') })
    .asPromise();
  const log = createLogger({ service: 'expense-test', level: 'warn' });
  const { deps, relay, users } = await configureExpense({ conn, kafka: ns.kafka, producer: ns.producer, topicPrefix: ns.topicPrefix, log });
  relay.start();
  await users.start();
  const auth = await createTestAuth();
  const server = await buildExpenseServer(deps, { log, verifier: createTokenVerifier({ jwks: auth.jwks }) });
  const { url } = await server.listen(0, '127.0.0.1');

  // Everything published on the expense topic, as a downstream consumer sees it.
  const published: ExpenseEvent[] = [];
  const watcher = createConsumerRunner({
    kafka: ns.kafka,
    groupId: ns.groupId('expense-watcher'),
    topics: [TOPICS.expense],
    topicPrefix: ns.topicPrefix,
    deadLetters: ns.producer,
    handle: async (event) => {
      published.push(event);
    },
  });
  await watcher.start();

  /** Registers a user the way the user subgraph does (USER_REGISTERED) and waits for the copy. */
  async function registerUser(profile: { baseCurrency?: string; timeZone?: string } = {}) {
    const userId = randomUUID();
    await ns.producer.publish([
      createEvent(
        'USER_REGISTERED',
        {
          userId,
          email: `${userId}@example.com`,
          username: `u${userId.slice(0, 8)}`,
          firstName: 'Test',
          baseCurrency: profile.baseCurrency ?? 'EUR',
          timeZone: profile.timeZone ?? 'Europe/Paris',
        },
        { subject: userId, source: sourceOf('user') },
      ),
    ]);
    await deps.directory.get(userId, { waitMs: 30_000 });
    const token = await auth.token(userId);
    return {
      userId,
      token,
      gql: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
        graphqlRequest<T>(url, query, variables, token),
    };
  }

  return {
    url,
    ns,
    conn,
    deps,
    auth,
    published,
    registerUser,
    /** Events about one user, in the order they were consumed. */
    eventsOf: (userId: string) => published.filter((e) => e.subject === userId),
    async stop() {
      await watcher.stop();
      await users.stop();
      await relay.stop();
      await server.close();
      await conn.dropDatabase().catch(() => {});
      await conn.close();
      await ns.cleanup();
    },
  };
}
export type ExpenseHarness = Awaited<ReturnType<typeof startExpenseSubgraph>>;
