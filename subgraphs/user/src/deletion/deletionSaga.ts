import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { applyOnceInTx, createEvent, enqueueEvents, sourceOf } from '@expensio/events';
import type { ExpensioEvent, ServiceName } from '@expensio/events';
import type { Db, Tx } from '../db/database.ts';
import { deletionParticipants, deletionSagas, otpIdentities, users } from '../db/schema.ts';
import { emailIdentity } from '../otp/identity.ts';

export const DELETION_STATUSES = ['PENDING', 'COMPLETED', 'FAILED'] as const;
export type DeletionStatus = (typeof DELETION_STATUSES)[number];

/** The saga as `accountDeletionStatus` shows it. */
export interface AccountDeletionView {
  readonly id: string;
  readonly status: DeletionStatus;
  readonly requestedAt: Date;
  readonly participants: readonly string[];
  /** Participants that have not answered USER_DATA_PURGED yet. */
  readonly waitingOn: readonly string[];
  /** Requests sent so far, the first included. */
  readonly attempts: number;
  /** When the saga resends or gives up, while PENDING. */
  readonly nextCheckAt: Date | null;
  readonly completedAt: Date | null;
  readonly failedAt: Date | null;
  readonly failureReason: string | null;
}

export interface DeletionSagaPolicy {
  /** Services that must answer USER_DATA_PURGED (DELETION_PARTICIPANTS). */
  readonly participants: readonly ServiceName[];
  /** Wait this long for answers before resending. Default 5 minutes. */
  readonly resendAfterMs: number;
  /** Requests (the first included) before the saga is FAILED. Default 5. */
  readonly maxAttempts: number;
}

export interface DeletionSaga {
  /** Starts the saga (or returns the one in flight); revokes every session of the user. */
  request(userId: string): Promise<AccountDeletionView>;
  /** The user's latest saga, if any. */
  status(userId: string): Promise<AccountDeletionView | null>;
  isPending(tx: Tx | Db, userId: string): Promise<boolean>;
  /** Records a participant's answer once (by event id); deletes the account when all answered. */
  handlePurged(event: ExpensioEvent<'USER_DATA_PURGED'>): Promise<void>;
  /** Resends to the silent participants of overdue sagas, or fails them; returns how many it touched. */
  checkOverdue(): Promise<number>;
}

export interface DeletionSagaOptions {
  db: Db;
  policy: DeletionSagaPolicy;
  /** Revokes the user's refresh tokens, in the saga's transaction. */
  revokeSessions: (tx: Tx, userId: string) => Promise<void>;
  now: () => Date;
  /** The consumer group recorded with applied events. */
  consumerGroup: string;
}

const source = sourceOf('user');

export function createDeletionSaga(options: DeletionSagaOptions): DeletionSaga {
  const { db, policy, revokeSessions, now, consumerGroup } = options;

  async function view(
    tx: Tx | Db,
    saga: typeof deletionSagas.$inferSelect,
  ): Promise<AccountDeletionView> {
    const rows = await tx
      .select()
      .from(deletionParticipants)
      .where(eq(deletionParticipants.sagaId, saga.id))
      .orderBy(asc(deletionParticipants.service));
    return {
      id: saga.id,
      status: saga.status as DeletionStatus,
      requestedAt: saga.requestedAt,
      participants: rows.map((r) => r.service),
      waitingOn: rows.filter((r) => r.purgedAt === null).map((r) => r.service),
      attempts: saga.attempts,
      nextCheckAt: saga.status === 'PENDING' ? saga.nextCheckAt : null,
      completedAt: saga.completedAt,
      failedAt: saga.failedAt,
      failureReason: saga.failureReason,
    };
  }

  /** The saga's events correlate by its id, so one deletion can be followed across services. */
  function requested(
    userId: string,
    sagaId: string,
    requestedAt: Date,
    participants: readonly ServiceName[],
  ) {
    return createEvent(
      'USER_DELETION_REQUESTED',
      { userId, sagaId, requestedAt: requestedAt.toISOString(), participants: [...participants] },
      { subject: userId, source, time: now(), correlationId: sagaId },
    );
  }

  /** Hard-deletes the account and everything this service holds about it, then USER_DELETED. */
  async function complete(
    tx: Tx,
    saga: typeof deletionSagas.$inferSelect,
    at: Date,
  ): Promise<void> {
    const [user] = await tx
      .delete(users)
      .where(eq(users.id, saga.userId))
      .returning({ email: users.email });
    if (user)
      await tx.delete(otpIdentities).where(eq(otpIdentities.identity, emailIdentity(user.email)));
    await tx
      .update(deletionSagas)
      .set({ status: 'COMPLETED', completedAt: at })
      .where(eq(deletionSagas.id, saga.id));
    await enqueueEvents(tx, [
      createEvent(
        'USER_DELETED',
        { userId: saga.userId, sagaId: saga.id },
        { subject: saga.userId, source, time: at, correlationId: saga.id },
      ),
    ]);
  }

  return {
    request(userId) {
      return db.transaction(async (tx) => {
        const [inFlight] = await tx
          .select()
          .from(deletionSagas)
          .where(and(eq(deletionSagas.userId, userId), eq(deletionSagas.status, 'PENDING')));
        if (inFlight) return view(tx, inFlight);
        const at = now();
        const id = randomUUID();
        const [saga] = await tx
          .insert(deletionSagas)
          .values({
            id,
            userId,
            status: 'PENDING',
            requestedAt: at,
            attempts: 1,
            nextCheckAt: new Date(at.getTime() + policy.resendAfterMs),
          })
          .returning();
        if (saga === undefined) throw new Error('insert returned no row');
        await revokeSessions(tx, userId);
        if (policy.participants.length === 0) {
          await complete(tx, saga, at);
        } else {
          await tx
            .insert(deletionParticipants)
            .values(policy.participants.map((service) => ({ sagaId: id, service })));
          await enqueueEvents(tx, [requested(userId, id, at, policy.participants)]);
        }
        const [latest] = await tx.select().from(deletionSagas).where(eq(deletionSagas.id, id));
        return view(tx, latest ?? saga);
      });
    },

    async status(userId) {
      const [saga] = await db
        .select()
        .from(deletionSagas)
        .where(eq(deletionSagas.userId, userId))
        .orderBy(desc(deletionSagas.requestedAt))
        .limit(1);
      return saga ? view(db, saga) : null;
    },

    async isPending(tx, userId) {
      const [saga] = await tx
        .select({ id: deletionSagas.id })
        .from(deletionSagas)
        .where(and(eq(deletionSagas.userId, userId), eq(deletionSagas.status, 'PENDING')));
      return saga !== undefined;
    },

    async handlePurged(event) {
      const { sagaId, service, counts } = event.data;
      await applyOnceInTx(db, { groupId: consumerGroup, eventId: event.id }, async (tx) => {
        const [saga] = await tx
          .select()
          .from(deletionSagas)
          .where(eq(deletionSagas.id, sagaId))
          .for('update');
        if (saga === undefined || saga.userId !== event.data.userId) return;
        const at = now();
        await tx
          .update(deletionParticipants)
          .set({ purgedAt: at, counts })
          .where(
            and(
              eq(deletionParticipants.sagaId, sagaId),
              eq(deletionParticipants.service, service),
              isNull(deletionParticipants.purgedAt),
            ),
          );
        // A late answer to a FAILED saga is still recorded, but only a PENDING saga completes.
        if (saga.status !== 'PENDING') return;
        const waiting = await tx
          .select({ service: deletionParticipants.service })
          .from(deletionParticipants)
          .where(
            and(eq(deletionParticipants.sagaId, sagaId), isNull(deletionParticipants.purgedAt)),
          );
        if (waiting.length === 0) await complete(tx, saga, at);
      });
    },

    checkOverdue() {
      return db.transaction(async (tx) => {
        const at = now();
        const due = await tx
          .select()
          .from(deletionSagas)
          .where(and(eq(deletionSagas.status, 'PENDING'), lte(deletionSagas.nextCheckAt, at)))
          .orderBy(asc(deletionSagas.nextCheckAt))
          .limit(100)
          .for('update', { skipLocked: true });
        if (due.length === 0) return 0;
        const silent = await tx
          .select()
          .from(deletionParticipants)
          .where(
            and(
              inArray(
                deletionParticipants.sagaId,
                due.map((s) => s.id),
              ),
              isNull(deletionParticipants.purgedAt),
            ),
          );
        for (const saga of due) {
          const waitingOn = silent
            .filter((p) => p.sagaId === saga.id)
            .map((p) => p.service as ServiceName);
          if (saga.attempts >= policy.maxAttempts) {
            await tx
              .update(deletionSagas)
              .set({
                status: 'FAILED',
                failedAt: at,
                failureReason: `No USER_DATA_PURGED from ${waitingOn.join(', ')} after ${saga.attempts} requests; the account is kept. Request the deletion again once they are fixed.`,
              })
              .where(eq(deletionSagas.id, saga.id));
            continue;
          }
          await tx
            .update(deletionSagas)
            .set({
              attempts: saga.attempts + 1,
              nextCheckAt: new Date(at.getTime() + policy.resendAfterMs),
            })
            .where(eq(deletionSagas.id, saga.id));
          await enqueueEvents(tx, [requested(saga.userId, saga.id, saga.requestedAt, waitingOn)]);
        }
        return due.length;
      });
    },
  };
}
