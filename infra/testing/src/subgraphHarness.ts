// Runs a subgraph in a test the way its main.ts does, but on a Kafka namespace and a Mongo database
// of its own, with a test signing key; collects what it publishes, as downstream consumers see it.
import { randomUUID } from 'node:crypto';
import {
  createConsumerRunner,
  createEvent,
  sourceOf,
  TOPICS,
  type EventProducer,
  type EventsOfTopic,
  type ServiceName,
  type Topic,
} from '@expensio/events';
import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import { createTestAuth, type TestAuth } from './auth.ts';
import { graphqlRequest } from './graphql.ts';
import { createKafkaTestNamespace, type KafkaTestNamespace } from './kafka.ts';
import { createTestMongoDb } from './mongo.ts';

type UserEvent = EventsOfTopic<typeof TOPICS.user>;

/** What the harness hands the subgraph to start on. */
export interface SubgraphTestEnv {
  db: Db;
  kafka: Kafka;
  producer: EventProducer;
  topicPrefix: string;
  auth: TestAuth;
}

/** What a started subgraph gives back: where it listens, its copy of user profiles, how to stop. */
export interface StartedSubgraph {
  url: string;
  runtime: { directory: { get(userId: string, options?: { waitMs?: number }): Promise<unknown> } };
  stop(): Promise<void>;
}

export interface TestUser {
  userId: string;
  token: string;
  /** An operation as this user, over real HTTP. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): ReturnType<typeof graphqlRequest<T>>;
}

export async function startSubgraphHarness<Tp extends Topic, S extends StartedSubgraph>({
  name,
  topic,
  start,
}: {
  /** The subgraph's name, the prefix of its test database. */
  name: string;
  /** The topic it publishes on, watched by a real consumer. */
  topic: Tp;
  start: (env: SubgraphTestEnv) => Promise<S>;
}) {
  const ns: KafkaTestNamespace = await createKafkaTestNamespace();
  const mongo = await createTestMongoDb(name);
  const auth = await createTestAuth();
  const subgraph = await start({ db: mongo.db, kafka: ns.kafka, producer: ns.producer, topicPrefix: ns.topicPrefix, auth });

  const published: EventsOfTopic<Tp>[] = [];
  const userTopic: UserEvent[] = [];
  const watcher = createConsumerRunner({
    kafka: ns.kafka,
    groupId: ns.groupId(`${name}-watcher`),
    topics: [topic, TOPICS.user] as Topic[],
    topicPrefix: ns.topicPrefix,
    deadLetters: ns.producer,
    handle: async (event) => {
      if (event.type.startsWith('USER_')) userTopic.push(event as UserEvent);
      else published.push(event as EventsOfTopic<Tp>);
    },
  });
  await watcher.start();

  /** Registers a user the way the user subgraph does (USER_REGISTERED) and waits for the subgraph's copy. */
  async function registerUser(profile: { baseCurrency?: string; timeZone?: string } = {}): Promise<TestUser> {
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
    await subgraph.runtime.directory.get(userId, { waitMs: 30_000 });
    const token = await auth.token(userId);
    return {
      userId,
      token,
      gql: <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => graphqlRequest<T>(subgraph.url, query, variables, token),
    };
  }

  /** Starts the account-deletion saga for the user the way the user subgraph does; gives the saga id. */
  async function requestDeletion(userId: string, participants: ServiceName[]): Promise<string> {
    const sagaId = randomUUID();
    await ns.producer.publish([
      createEvent('USER_DELETION_REQUESTED', { userId, sagaId, requestedAt: new Date().toISOString(), participants }, { subject: userId, source: sourceOf('user') }),
    ]);
    return sagaId;
  }

  return {
    ...subgraph,
    requestDeletion,
    ns,
    db: mongo.db,
    auth,
    published,
    registerUser,
    /** Events about one user on the subgraph's topic, in the order they were consumed. */
    /**
     * Distinct events about one user, in consumed order. Delivery is at least once by design (a
     * relay may publish an entry again when its clear did not land), so a change is "one event"
     * when it is one event id, as every consumer counts it.
     */
    eventsOf: (userId: string) =>
      published.filter((e, i) => e.subject === userId && published.findIndex((o) => o.id === e.id) === i),
    /** Events about one user on the user topic (saga answers, registrations). */
    userEventsOf: (userId: string) => userTopic.filter((e) => e.subject === userId),
    async stop() {
      await watcher.stop();
      await subgraph.stop();
      await mongo.drop();
      await ns.cleanup();
    },
  };
}
export type SubgraphHarness<Tp extends Topic, S extends StartedSubgraph> = Awaited<ReturnType<typeof startSubgraphHarness<Tp, S>>>;
