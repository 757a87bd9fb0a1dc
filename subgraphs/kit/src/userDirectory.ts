import type { Db } from 'mongodb';
import type { Kafka } from 'kafkajs';
import {
  createConsumerRunner,
  TOPICS,
  type ConsumerRunner,
  type EventProducer,
  type Logger,
  applyEventOnce,
  createEvent,
  olderThan,
  outboxFields,
  sourceOf,
  type EventsOfTopic,
  type OutboxRelay,
  type ServiceName,
} from '@expensio/events';
import { serviceUnavailable } from './errors.ts';
import { createLruCache } from './lruCache.ts';

type UserEvent = EventsOfTopic<typeof TOPICS.user>;

/** What a service needs to know of a user: defaults for money and the zone of month buckets. */
export interface UserProfile {
  readonly userId: string;
  readonly baseCurrency: string;
  readonly timeZone: string;
  readonly firstName: string;
  readonly username: string;
}

interface ProfileDoc {
  _id: string;
  baseCurrency: string;
  timeZone: string;
  firstName: string;
  username: string;
  profileVersion: number;
}

export interface UserDirectory {
  /** Applies USER_REGISTERED, USER_PROFILE_UPDATED and USER_DELETED (idempotent, version-guarded). */
  handle(event: UserEvent): Promise<void>;
  /**
   * The user's profile. Right after sign-up the registration event may still be on its way, so a
   * missing profile is waited for (default up to 3 s) before SERVICE_UNAVAILABLE.
   */
  get(userId: string, options?: { waitMs?: number }): Promise<UserProfile>;
  /** Removes the copy (account deletion). */
  remove(userId: string): Promise<number>;
}

export interface UserDirectoryOptions {
  /**
   * How long a profile read is reused without reading it again. Default 5,000 ms. A change this
   * replica applies is seen at once; one applied by another replica of the service (the user topic
   * is read once per service) within this time. Profiles were read on every dashboard query and
   * push, and on every write of a record; they change rarely. 0 turns the cache off.
   */
  cacheMs?: number;
  /** Profiles kept. Default 5,000. */
  cacheSize?: number;
  now?: () => number;
}

/**
 * A service's local copy of user profiles, fed by the user topic: no synchronous call to the user
 * subgraph on any request path.
 */
export function createUserDirectory(
  db: Db,
  collectionName = 'user_profiles',
  { cacheMs = 5_000, cacheSize = 5_000, now = Date.now }: UserDirectoryOptions = {},
): UserDirectory {
  const profiles = db.collection<ProfileDoc>(collectionName);
  const cache = createLruCache<string, { profile: UserProfile; at: number }>(cacheSize);
  /** When each user's profile last changed here: a read begun before that is not kept. */
  const changedAt = createLruCache<string, number>(cacheSize);
  const changed = (userId: string) => {
    cache.delete(userId);
    changedAt.set(userId, now());
  };

  async function handle(event: UserEvent): Promise<void> {
    if (event.type === 'USER_REGISTERED') {
      const { userId, baseCurrency, timeZone, firstName, username } = event.data;
      await applyEventOnce(profiles, event.id, {
        filter: { _id: userId, ...olderThan(1, 'profileVersion') },
        update: { $set: { baseCurrency, timeZone, firstName, username, profileVersion: 1 } },
      });
    } else if (event.type === 'USER_PROFILE_UPDATED') {
      const { userId, baseCurrency, timeZone, firstName, username, profileVersion } = event.data;
      await applyEventOnce(profiles, event.id, {
        filter: { _id: userId, ...olderThan(profileVersion, 'profileVersion') },
        update: { $set: { baseCurrency, timeZone, firstName, username, profileVersion } },
      });
    } else if (event.type === 'USER_DELETED') {
      await profiles.deleteOne({ _id: event.data.userId });
    }
    changed(event.data.userId);
  }

  async function get(userId: string, { waitMs = 3_000 } = {}): Promise<UserProfile> {
    const cached = cache.get(userId);
    if (cached && now() - cached.at < cacheMs) return cached.profile;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const readAt = now();
      const doc = await profiles.findOne({ _id: userId });
      if (doc) {
        const profile = { userId, baseCurrency: doc.baseCurrency, timeZone: doc.timeZone, firstName: doc.firstName, username: doc.username };
        if (cacheMs > 0 && (changedAt.get(userId) ?? -Infinity) < readAt) cache.set(userId, { profile, at: readAt });
        return profile;
      }
      if (Date.now() >= deadline) {
        throw serviceUnavailable('Your profile is still being set up; try again in a few seconds');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  return {
    handle,
    get,
    async remove(userId) {
      const { deletedCount } = await profiles.deleteOne({ _id: userId });
      changed(userId);
      return deletedCount;
    },
  };
}

/**
 * A participant of the account-deletion saga: on USER_DELETION_REQUESTED naming this service, it
 * purges the user's data and answers USER_DATA_PURGED through its outbox (a reply document, so the
 * answer survives a crash). A re-sent request purges again (nothing left: zero counts) and answers
 * again; the orchestrator takes the first answer.
 */
export function createDeletionParticipant({
  service,
  db,
  relay,
  purge,
}: {
  service: ServiceName;
  db: Db;
  relay: OutboxRelay;
  /** Deletes everything of the user this service holds; returns counts per kind. */
  purge: (userId: string) => Promise<Record<string, number>>;
}) {
  const replies = db.collection<{ _id: string; sagaId: string; createdAt: Date }>('saga_replies');
  return {
    replies,
    async handle(event: UserEvent): Promise<void> {
      if (event.type !== 'USER_DELETION_REQUESTED' || !event.data.participants.includes(service)) return;
      const { userId, sagaId } = event.data;
      const counts = await purge(userId);
      const reply = createEvent(
        'USER_DATA_PURGED',
        { userId, sagaId, service, counts },
        { subject: userId, source: sourceOf(service), correlationId: event.correlationid, causationId: event.id },
      );
      await replies.insertOne({ _id: reply.id, sagaId, createdAt: new Date(), ...outboxFields([reply]) });
      relay.nudge(replies as never, [reply.id]);
    },
  };
}

/**
 * What every Mongo subgraph runs on the user topic: its copy of the profiles, and its part in the
 * account-deletion saga (`purge`, then the profile copy goes too). One consumer group,
 * `<prefix><service>.users` unless `groupId` says otherwise. `purge` may refer to stores built after
 * this call: it runs only when a deletion request arrives.
 */
export function createUserEventsConsumer({
  service,
  db,
  relay,
  kafka,
  producer,
  topicPrefix = '',
  log,
  purge,
  groupId = `${topicPrefix}${service}.users`,
}: {
  service: ServiceName;
  db: Db;
  relay: OutboxRelay;
  kafka: Kafka;
  producer: EventProducer;
  topicPrefix?: string;
  log: Logger;
  purge: (userId: string) => Promise<Record<string, number>>;
  groupId?: string;
}): { directory: UserDirectory; users: ConsumerRunner } {
  const directory = createUserDirectory(db);
  const participant = createDeletionParticipant({
    service,
    db,
    relay,
    purge: async (userId) => ({ ...(await purge(userId)), profiles: await directory.remove(userId) }),
  });
  const users = createConsumerRunner({
    kafka,
    groupId,
    topics: [TOPICS.user],
    topicPrefix,
    deadLetters: producer,
    log,
    handle: async (event) => {
      await directory.handle(event);
      await participant.handle(event);
    },
  });
  return { directory, users };
}
