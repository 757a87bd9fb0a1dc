// Wiring of the dashboard's parts, shared by main.ts and the tests: the projection (one consumer
// group for the service) and the push listener (one group per replica, so every replica hears every
// DASHBOARD_UPDATED and serves its own subscribers; the replica that wrote a change signals its own
// at once, see notifier.ts).
import { randomUUID } from 'node:crypto';
import { createConsumerRunner, createMongoOutboxRelay, TOPICS, type EventProducer, type Logger } from '@expensio/events';
import { createUserEventsConsumer } from '@expensio/kit';
import type { Kafka } from 'kafkajs';
import type { Db } from 'mongodb';
import type { DashboardDeps } from './context.ts';
import { createNotifier } from './domain/notifier.ts';
import type { DashboardSourceEvent } from './domain/dashboardState.ts';
import { createDashboardProjection } from './domain/projection.ts';

export function configureDashboard({ db, kafka, producer, topicPrefix = '', log, replicaId = randomUUID() }: {
  db: Db;
  kafka: Kafka;
  producer: EventProducer;
  topicPrefix?: string;
  log: Logger;
  replicaId?: string;
}) {
  const relay = createMongoOutboxRelay({ collections: [db.collection('dashboards'), db.collection('saga_replies')], producer, log });
  const notifier = createNotifier();
  const projection = createDashboardProjection(db, relay, notifier.changedHere);
  const { directory, users } = createUserEventsConsumer({
    service: 'dashboard',
    db,
    relay,
    kafka,
    producer,
    topicPrefix,
    log,
    purge: async (userId) => ({ dashboards: await projection.purge(userId) }),
  });
  const pushGroupId = `${topicPrefix}dashboard.push.${replicaId}`;
  const common = { kafka, topicPrefix, deadLetters: producer, log };
  const project = {
    ...common,
    handle: async (event: DashboardSourceEvent) => void (await projection.apply(event)),
    // A batch becomes one write per user; one user's events from two topics meet in the revision
    // check, which retries.
    handleBatch: async (items: readonly { event: DashboardSourceEvent }[]) => projection.applyMany(items.map((i) => i.event)),
    partitionsConsumedConcurrently: 3,
  };
  const consumers = [
    createConsumerRunner({ ...project, groupId: `${topicPrefix}dashboard.projection`, topics: [TOPICS.expense, TOPICS.income] }),
    // The month figures in a consumer of their own: kafkajs fetches a consumer's partitions again
    // only once the whole previous fetch is handled, so a FINANCIALDATA_UPDATED arriving while the
    // expense that caused it was being applied waited for that, then for a fetch (bench:gateway,
    // "by hop": 21 ms p50, 119 ms p99 at 50 mutations/s). It is the update every push is about.
    createConsumerRunner({ ...project, groupId: `${topicPrefix}dashboard.figures`, topics: [TOPICS.financialData] }),
    users,
    createConsumerRunner({
      ...common,
      groupId: pushGroupId,
      topics: [TOPICS.dashboard],
      // Only what happens from now on matters to the subscribers connected now.
      fromBeginning: false,
      handle: async (event) => {
        if (event.type !== 'DASHBOARD_UPDATED') return;
        projection.heard(event.data.userId, event.data.revision);
        notifier.changed(event.data.userId, event.id);
      },
    }),
  ];
  const deps: DashboardDeps = { projection, directory, notifier };
  return {
    deps,
    relay,
    consumers,
    /** The push group is this replica's alone; it leaves no trace when the replica stops. */
    pushGroupId,
  };
}
