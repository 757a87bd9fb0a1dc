// Events of the income aggregate, on expensio.income.v1. They mirror the expense events (see
// expenseEvents.ts) without mood, triggers and payment details.
import { z } from 'zod';
import { defineEventType } from './defineEventType.ts';
import {
  categoryCodeSchema,
  entityIdSchema,
  entityVersionSchema,
  isoDateTimeSchema,
  nonNegativeMoneySchema,
  timeZoneSchema,
} from './primitives.ts';
import { TOPICS } from './topics.ts';
import { checkUnique, checkVersionedChange } from './versionedChange.ts';
import { INCOME_TYPES } from './vocabulary.ts';

export const incomeSnapshotSchema = z.object({
  incomeId: entityIdSchema,
  userId: entityIdSchema,
  title: z.string().min(1),
  amount: nonNegativeMoneySchema,
  /** One of INCOME_CATEGORY_CODES or a user's own. */
  categoryCode: categoryCodeSchema,
  incomeType: z.enum(INCOME_TYPES),
  tags: z.array(z.string()),
  isRecurring: z.boolean(),
  receivedAt: isoDateTimeSchema,
  /** The user's IANA zone when the income was recorded: it decides the month bucket. */
  timeZone: timeZoneSchema,
  /** Starts at 1, +1 on every update and on delete. */
  version: entityVersionSchema,
});
export type IncomeSnapshot = z.output<typeof incomeSnapshotSchema>;

export const INCOME_CHANGEABLE_FIELDS = [
  'title',
  'amount',
  'categoryCode',
  'incomeType',
  'tags',
  'isRecurring',
  'receivedAt',
  'timeZone',
] as const satisfies readonly (keyof IncomeSnapshot)[];
export type IncomeChangeableField = (typeof INCOME_CHANGEABLE_FIELDS)[number];

export const incomeCreated = defineEventType({
  type: 'INCOME_CREATED',
  topic: TOPICS.income,
  version: 1,
  schema: incomeSnapshotSchema,
  description: 'An income was recorded.',
});

export const incomeUpdatedDataV1 = z
  .object({
    incomeId: entityIdSchema,
    userId: entityIdSchema,
    /** The version after the update (= after.version). */
    version: entityVersionSchema,
    before: incomeSnapshotSchema,
    after: incomeSnapshotSchema,
    changedFields: z.array(z.enum(INCOME_CHANGEABLE_FIELDS)).min(1).superRefine(checkUnique),
  })
  .superRefine((data, ctx) =>
    checkVersionedChange('incomeId', data, { before: data.before, after: data.after }, ctx),
  );

export const incomeUpdated = defineEventType({
  type: 'INCOME_UPDATED',
  topic: TOPICS.income,
  version: 1,
  schema: incomeUpdatedDataV1,
  description: 'An income was changed; carries the values before and after and the changed fields.',
});

export const incomeDeletedDataV1 = z
  .object({
    incomeId: entityIdSchema,
    userId: entityIdSchema,
    /** The version of the tombstone, above before.version. */
    version: entityVersionSchema,
    deletedAt: isoDateTimeSchema,
    /** The income as it was, so projections can subtract it. */
    before: incomeSnapshotSchema,
  })
  .superRefine((data, ctx) => checkVersionedChange('incomeId', data, { before: data.before }, ctx));

export const incomeDeleted = defineEventType({
  type: 'INCOME_DELETED',
  topic: TOPICS.income,
  version: 1,
  schema: incomeDeletedDataV1,
  description: 'An income was deleted; carries its last state.',
});
