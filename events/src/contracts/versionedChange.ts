// Invariants shared by the UPDATED and DELETED events of versioned entities (expenses, incomes).
// Consumers guard their writes with the entity version, so a change event whose versions do not
// line up would be applied wrongly or never; such an event is rejected at both ends instead.
import type { z } from 'zod';

interface Versioned {
  readonly userId: string;
  readonly version: number;
}

/** Checks that the snapshots belong to the event's entity and user and are older than (before) or
 * exactly at (after) the event's version. */
export function checkVersionedChange<K extends string>(
  idKey: K,
  change: Versioned & Readonly<Record<K, string>>,
  snapshots: {
    readonly before: Versioned & Readonly<Record<K, string>>;
    readonly after?: Versioned & Readonly<Record<K, string>>;
  },
  ctx: z.core.$RefinementCtx,
): void {
  for (const [name, snapshot] of Object.entries(snapshots)) {
    if (!snapshot) continue;
    if (snapshot[idKey] !== change[idKey]) {
      ctx.addIssue({ code: 'custom', path: [name, idKey], message: `must equal ${idKey}` });
    }
    if (snapshot.userId !== change.userId) {
      ctx.addIssue({ code: 'custom', path: [name, 'userId'], message: 'must equal userId' });
    }
  }
  if (snapshots.before.version >= change.version) {
    ctx.addIssue({
      code: 'custom',
      path: ['before', 'version'],
      message: 'must be lower than the event version',
    });
  }
  if (snapshots.after && snapshots.after.version !== change.version) {
    ctx.addIssue({
      code: 'custom',
      path: ['after', 'version'],
      message: 'must equal the event version',
    });
  }
}

/** Rejects duplicates in a list that stands for a set (triggers, changed fields, participants). */
export function checkUnique(values: readonly string[], ctx: z.core.$RefinementCtx): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `"${value}" appears twice` });
    seen.add(value);
  }
}
