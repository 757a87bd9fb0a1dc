import { causedBy, createConsumerRunner, createEvent, sourceOf, TOPICS } from '@expensio/events';
import type { ConsumerRunner, ServiceName } from '@expensio/events';
import { createLogger } from '@expensio/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema.ts';
import { DELETION_CONSUMER_GROUP } from '../server.ts';
import { createUserTestStack, REQUEST_OTP, signUp, VERIFY_OTP } from '../testing/userTestStack.ts';
import type { TestServer, UserTestStack } from '../testing/userTestStack.ts';
import { startDeletionWorkers } from './deletionWorkers.ts';
import type { DeletionWorkers } from './deletionWorkers.ts';

const DELETE = /* GraphQL */ `
  mutation {
    deleteAccount {
      id
      status
      participants
      waitingOn
      attempts
      requestedAt
      nextCheckAt
    }
  }
`;
const STATUS = /* GraphQL */ `
  {
    accountDeletionStatus {
      id
      status
      waitingOn
      attempts
      completedAt
      failedAt
      failureReason
    }
  }
`;

interface Status {
  accountDeletionStatus: {
    id: string;
    status: string;
    waitingOn: string[];
    attempts: number;
    completedAt: string | null;
    failedAt: string | null;
    failureReason: string | null;
  } | null;
}

/** How a fake participant treats the n-th request (1-based) it gets for a user. */
type Behaviour = (service: ServiceName, request: number) => 'answer' | 'ignore';

describe('account-deletion saga against PostgreSQL and Kafka', () => {
  let stack: UserTestStack;
  let server: TestServer;
  let workers: DeletionWorkers;
  let participants: ConsumerRunner;
  const behaviours = new Map<string, Behaviour>();
  const requestsSeen = new Map<string, number>();

  beforeAll(async () => {
    stack = await createUserTestStack('saga');
    const settings = stack.settings({
      deletion: { participants: ['expense', 'income'], resendAfterMs: 1_500, maxAttempts: 3 },
    });
    server = await stack.startServer({ settings });
    const log = createLogger({ service: 'user', level: 'silent' });
    workers = await startDeletionWorkers({
      saga: server.server.deletion,
      kafka: stack.ns.kafka,
      producer: stack.ns.producer,
      relay: stack.relay,
      groupId: stack.ns.groupId(DELETION_CONSUMER_GROUP),
      topicPrefix: stack.ns.topicPrefix,
      checkIntervalMs: 200,
      log,
    });
    // The other services, as far as the saga can tell: they purge and answer, each delivered twice
    // (a producer retry) to show the orchestrator counts an answer once.
    participants = createConsumerRunner({
      kafka: stack.ns.kafka,
      groupId: stack.ns.groupId('fake-participants'),
      topics: [TOPICS.user],
      topicPrefix: stack.ns.topicPrefix,
      deadLetters: stack.ns.producer,
      handle: async (event) => {
        if (event.type !== 'USER_DELETION_REQUESTED') return;
        for (const service of event.data.participants) {
          const key = `${event.data.userId}/${service}`;
          const n = (requestsSeen.get(key) ?? 0) + 1;
          requestsSeen.set(key, n);
          if ((behaviours.get(event.data.userId) ?? (() => 'answer'))(service, n) === 'ignore')
            continue;
          const purged = createEvent(
            'USER_DATA_PURGED',
            {
              userId: event.data.userId,
              sagaId: event.data.sagaId,
              service,
              counts: { expenses: 3 },
            },
            { subject: event.data.userId, source: sourceOf(service), ...causedBy(event) },
          );
          await stack.ns.producer.publish([purged, purged]);
        }
      },
    });
    await participants.start();
  });

  afterAll(async () => {
    await participants?.stop();
    await workers?.stop();
    await stack?.close();
  });

  const status = async (token: string) =>
    (await server.gql<Status>(STATUS, {}, { token })).data?.accountDeletionStatus;
  const userExists = async (id: string) =>
    (await stack.database.db.select({ id: users.id }).from(users).where(eq(users.id, id)))
      .length === 1;

  it('deletes the account once every participant purged, and emits USER_DELETED', async () => {
    const session = await signUp(stack, server);
    const started = await server.gql<{ deleteAccount: Record<string, unknown> }>(
      DELETE,
      {},
      { token: session.accessToken },
    );
    expect(started.errors).toBeUndefined();
    expect(started.data?.deleteAccount).toMatchObject({
      status: 'PENDING',
      participants: ['expense', 'income'],
      attempts: 1,
    });

    // Sessions end at once
    const refreshed = await server.gql(
      'mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }',
      { t: session.refreshToken },
    );
    expect(refreshed.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');

    await expect
      .poll(async () => (await status(session.accessToken))?.status, { timeout: 30_000 })
      .toBe('COMPLETED');
    expect(await status(session.accessToken)).toMatchObject({
      waitingOn: [],
      attempts: 1,
      failureReason: null,
    });
    expect(await userExists(session.user.id)).toBe(false);
    expect((await server.gql('{ me { id } }', {}, { token: session.accessToken })).data).toEqual({
      me: null,
    });

    const events = (await stack.userEvents())
      .filter((e) => e.subject === session.user.id)
      .map((e) => e.type);
    expect(events.filter((t) => t === 'USER_DELETION_REQUESTED')).toHaveLength(1);
    expect(events.filter((t) => t === 'USER_DELETED')).toHaveLength(1);
  });

  it('resends to a participant that failed once, then completes', async () => {
    const session = await signUp(stack, server);
    behaviours.set(session.user.id, (service, n) =>
      service === 'income' && n === 1 ? 'ignore' : 'answer',
    );
    await server.gql(DELETE, {}, { token: session.accessToken });
    await expect
      .poll(async () => (await status(session.accessToken))?.status, { timeout: 30_000 })
      .toBe('COMPLETED');
    expect(await status(session.accessToken)).toMatchObject({ attempts: 2 });
    expect(requestsSeen.get(`${session.user.id}/income`)).toBe(2);
    // The resend named only the participant that had not answered
    expect(requestsSeen.get(`${session.user.id}/expense`)).toBe(1);
    expect(await userExists(session.user.id)).toBe(false);
  });

  it('refuses sign-in while pending, and ends FAILED (account kept) when a participant never answers', async () => {
    const session = await signUp(stack, server);
    behaviours.set(session.user.id, (service) => (service === 'income' ? 'ignore' : 'answer'));
    await server.gql(DELETE, {}, { token: session.accessToken });

    await server.gql(REQUEST_OTP, { email: session.identity.email });
    const code = await stack.latestCode(session.identity.email);
    const refused = await server.gql(VERIFY_OTP, { email: session.identity.email, code });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(refused.errors?.[0]?.message).toMatch(/being deleted/);

    await expect
      .poll(async () => (await status(session.accessToken))?.status, { timeout: 30_000 })
      .toBe('FAILED');
    const failed = await status(session.accessToken);
    expect(failed).toMatchObject({ waitingOn: ['income'], attempts: 3 });
    expect(failed?.failureReason).toMatch(/income/);
    expect(await userExists(session.user.id)).toBe(true);

    // Once FAILED, the person can sign in again (and retry the deletion later)
    const again = await server.gql(VERIFY_OTP, { email: session.identity.email, code });
    expect(again.errors).toBeUndefined();
  });
});
