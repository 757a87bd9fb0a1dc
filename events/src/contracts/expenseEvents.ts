// Events of the expense aggregate, on expensio.expense.v1. Consumers: financial-data (monthly
// figures), dashboard (latest expenses), chat (the assistant's context).
import { z } from 'zod';
import { majorFloatToMinorUnits } from './currency.ts';
import { defineEventType, defineUpcaster } from './defineEventType.ts';
import {
  categoryCodeSchema,
  currencyCodeSchema,
  entityIdSchema,
  entityVersionSchema,
  isoDateTimeSchema,
  nonNegativeMoneySchema,
  timeZoneSchema,
} from './primitives.ts';
import { TOPICS } from './topics.ts';
import { checkUnique, checkVersionedChange } from './versionedChange.ts';
import { COGNITIVE_TRIGGERS, EXPENSE_TYPES, MOODS, PAYMENT_METHODS } from './vocabulary.ts';

/** The whole expense as of one version: what a consumer needs to add it to or remove it from a
 * projection without calling back the expense subgraph. */
export const expenseSnapshotSchema = z.object({
  expenseId: entityIdSchema,
  userId: entityIdSchema,
  title: z.string().min(1),
  amount: nonNegativeMoneySchema,
  categoryCode: categoryCodeSchema,
  mood: z.enum(MOODS).nullable(),
  cognitiveTriggers: z.array(z.enum(COGNITIVE_TRIGGERS)).superRefine(checkUnique),
  expenseType: z.enum(EXPENSE_TYPES).nullable(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  merchant: z.string().nullable(),
  tags: z.array(z.string()),
  isRecurring: z.boolean(),
  occurredAt: isoDateTimeSchema,
  /** The user's IANA zone when the expense was recorded: it decides the month bucket. */
  timeZone: timeZoneSchema,
  /** Starts at 1, +1 on every update and on delete. */
  version: entityVersionSchema,
});
export type ExpenseSnapshot = z.output<typeof expenseSnapshotSchema>;

/** Fields an update can change (everything but identity and version). */
export const EXPENSE_CHANGEABLE_FIELDS = [
  'title',
  'amount',
  'categoryCode',
  'mood',
  'cognitiveTriggers',
  'expenseType',
  'paymentMethod',
  'merchant',
  'tags',
  'isRecurring',
  'occurredAt',
  'timeZone',
] as const satisfies readonly (keyof ExpenseSnapshot)[];
export type ExpenseChangeableField = (typeof EXPENSE_CHANGEABLE_FIELDS)[number];

// ---- EXPENSE_CREATED

/**
 * v1, as the original project stored expenses: the amount as a float in major units with a separate
 * currency, and mood, cognitive triggers and the optional details possibly missing.
 * Never edit: events of this shape are in the log.
 */
export const expenseCreatedDataV1 = z.object({
  expenseId: entityIdSchema,
  userId: entityIdSchema,
  title: z.string().min(1),
  amount: z.number().nonnegative(),
  currency: currencyCodeSchema,
  categoryCode: categoryCodeSchema,
  mood: z.enum(MOODS).nullish(),
  cognitiveTriggers: z.array(z.enum(COGNITIVE_TRIGGERS)).optional(),
  expenseType: z.enum(EXPENSE_TYPES).nullish(),
  paymentMethod: z.enum(PAYMENT_METHODS),
  merchant: z.string().nullish(),
  tags: z.array(z.string()).optional(),
  isRecurring: z.boolean().optional(),
  occurredAt: isoDateTimeSchema,
  timeZone: timeZoneSchema,
  version: entityVersionSchema,
});

/** v2 (current): money in integer minor units; every field present. */
export const expenseCreatedDataV2 = expenseSnapshotSchema;

export const expenseCreated = defineEventType({
  type: 'EXPENSE_CREATED',
  topic: TOPICS.expense,
  version: 2,
  schema: expenseCreatedDataV2,
  legacy: [
    defineUpcaster({
      version: 1,
      schema: expenseCreatedDataV1,
      to: expenseCreatedDataV2,
      upcast: ({ amount, currency, ...v1 }) => ({
        ...v1,
        amount: { minor: majorFloatToMinorUnits(amount, currency), currency },
        mood: v1.mood ?? null,
        // Missing triggers meant "none recorded", not unknown.
        cognitiveTriggers: [...new Set(v1.cognitiveTriggers ?? [])],
        expenseType: v1.expenseType ?? null,
        merchant: v1.merchant ?? null,
        tags: v1.tags ?? [],
        isRecurring: v1.isRecurring ?? false,
      }),
    }),
  ],
  description: 'An expense was recorded (by form, CSV import or chat).',
});

// ---- EXPENSE_UPDATED

export const expenseUpdatedDataV1 = z
  .object({
    expenseId: entityIdSchema,
    userId: entityIdSchema,
    /** The version after the update (= after.version). */
    version: entityVersionSchema,
    before: expenseSnapshotSchema,
    after: expenseSnapshotSchema,
    changedFields: z.array(z.enum(EXPENSE_CHANGEABLE_FIELDS)).min(1).superRefine(checkUnique),
  })
  .superRefine((data, ctx) =>
    checkVersionedChange('expenseId', data, { before: data.before, after: data.after }, ctx),
  );

export const expenseUpdated = defineEventType({
  type: 'EXPENSE_UPDATED',
  topic: TOPICS.expense,
  version: 1,
  schema: expenseUpdatedDataV1,
  description:
    'An expense was changed; carries the values before and after and the changed fields.',
});

// ---- EXPENSE_DELETED

export const expenseDeletedDataV1 = z
  .object({
    expenseId: entityIdSchema,
    userId: entityIdSchema,
    /** The version of the tombstone, above before.version, so a replayed older event cannot
     * resurrect the expense. */
    version: entityVersionSchema,
    deletedAt: isoDateTimeSchema,
    /** The expense as it was, so projections can subtract it. */
    before: expenseSnapshotSchema,
  })
  .superRefine((data, ctx) =>
    checkVersionedChange('expenseId', data, { before: data.before }, ctx),
  );

export const expenseDeleted = defineEventType({
  type: 'EXPENSE_DELETED',
  topic: TOPICS.expense,
  version: 1,
  schema: expenseDeletedDataV1,
  description: 'An expense was deleted; carries its last state.',
});
