import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db/database.ts';
import { refreshTokens } from '../db/schema.ts';

export type RotateOutcome =
  | {
      readonly kind: 'rotated';
      readonly userId: string;
      readonly token: string;
      readonly expiresAt: Date;
    }
  /** Unknown, expired or revoked. */
  | { readonly kind: 'invalid' }
  /** An already rotated token came back: someone holds a copy. Its whole family is now revoked. */
  | { readonly kind: 'reused' };

export interface RefreshTokenStore {
  /** A new token for `userId`: a new family (sign-in), or the next one of `familyId` (rotation). */
  issue(tx: Tx, userId: string, familyId?: string): Promise<{ token: string; expiresAt: Date }>;
  /** Trades a token for the next one of its family, once. */
  rotate(token: string): Promise<RotateOutcome>;
  /** Revokes the token's family (one session), or every token of its user. False if unknown. */
  revoke(token: string, everywhere: boolean): Promise<boolean>;
  revokeAllOfUser(tx: Tx, userId: string): Promise<void>;
}

/** The opaque tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createRefreshTokenStore(options: {
  db: Db;
  ttlMs: number;
  now: () => Date;
}): RefreshTokenStore {
  const { db, ttlMs, now } = options;

  const store: RefreshTokenStore = {
    async issue(tx, userId, familyId = randomUUID()) {
      const token = randomBytes(32).toString('base64url');
      const createdAt = now();
      const expiresAt = new Date(createdAt.getTime() + ttlMs);
      await tx.insert(refreshTokens).values({
        id: randomUUID(),
        familyId,
        userId,
        tokenHash: hashRefreshToken(token),
        createdAt,
        expiresAt,
      });
      return { token, expiresAt };
    },

    rotate(token) {
      return db.transaction(async (tx): Promise<RotateOutcome> => {
        const at = now();
        const [row] = await tx
          .select()
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)))
          .for('update');
        if (row === undefined || row.revokedAt !== null || row.expiresAt <= at)
          return { kind: 'invalid' };
        if (row.rotatedAt !== null) {
          await tx
            .update(refreshTokens)
            .set({ revokedAt: at })
            .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
          return { kind: 'reused' };
        }
        await tx.update(refreshTokens).set({ rotatedAt: at }).where(eq(refreshTokens.id, row.id));
        const next = await store.issue(tx, row.userId, row.familyId);
        return { kind: 'rotated', userId: row.userId, ...next };
      });
    },

    async revoke(token, everywhere) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, hashRefreshToken(token)));
        if (row === undefined || row.revokedAt !== null) return false;
        const scope = everywhere
          ? eq(refreshTokens.userId, row.userId)
          : eq(refreshTokens.familyId, row.familyId);
        await tx
          .update(refreshTokens)
          .set({ revokedAt: now() })
          .where(and(scope, isNull(refreshTokens.revokedAt)));
        return true;
      });
    },

    async revokeAllOfUser(tx, userId) {
      await tx
        .update(refreshTokens)
        .set({ revokedAt: now() })
        .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
    },
  };
  return store;
}
