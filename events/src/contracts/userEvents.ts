// Events of the user aggregate and the account deletion saga, on expensio.user.v1. The saga: user
// publishes USER_DELETION_REQUESTED naming the participants; each participant purges the user's
// data and answers USER_DATA_PURGED; once all have answered, user publishes USER_DELETED.
import { z } from 'zod';
import { defineEventType } from './defineEventType.ts';
import {
  countSchema,
  currencyCodeSchema,
  entityIdSchema,
  isoDateTimeSchema,
  timeZoneSchema,
} from './primitives.ts';
import { TOPICS } from './topics.ts';
import { checkUnique } from './versionedChange.ts';
import { SERVICE_NAMES } from './vocabulary.ts';

const serviceNameSchema = z.enum(SERVICE_NAMES);

export const userRegistered = defineEventType({
  type: 'USER_REGISTERED',
  topic: TOPICS.user,
  version: 1,
  schema: z.object({
    userId: entityIdSchema,
    email: z.email(),
    username: z.string().min(1),
    firstName: z.string().min(1),
    baseCurrency: currencyCodeSchema,
    timeZone: timeZoneSchema,
  }),
  description: 'A new account was created (first OTP login with a profile).',
});

export const userProfileUpdated = defineEventType({
  type: 'USER_PROFILE_UPDATED',
  topic: TOPICS.user,
  version: 1,
  schema: z.object({
    userId: entityIdSchema,
    username: z.string().min(1),
    firstName: z.string().min(1),
    lastName: z.string().nullable(),
    baseCurrency: currencyCodeSchema,
    timeZone: timeZoneSchema,
    /** The profile's version after the change; read models keep the highest. */
    profileVersion: z.int().min(1),
  }),
  description:
    'The user changed the profile (names, base currency, time zone); other services keep a copy for defaults and month buckets.',
});

export const userDeletionRequested = defineEventType({
  type: 'USER_DELETION_REQUESTED',
  topic: TOPICS.user,
  version: 1,
  schema: z.object({
    userId: entityIdSchema,
    sagaId: z.uuid(),
    requestedAt: isoDateTimeSchema,
    /** The services that must purge the user's data and answer USER_DATA_PURGED. */
    participants: z.array(serviceNameSchema).min(1).superRefine(checkUnique),
  }),
  description: 'The user asked to delete the account; starts the deletion saga.',
});

export const userDataPurged = defineEventType({
  type: 'USER_DATA_PURGED',
  topic: TOPICS.user,
  version: 1,
  schema: z.object({
    userId: entityIdSchema,
    sagaId: z.uuid(),
    /** The participant that purged. */
    service: serviceNameSchema,
    /** What was removed, by kind, e.g. { expenses: 12, categories: 2 }. */
    counts: z.record(z.string().min(1), countSchema),
  }),
  description: "One saga participant removed the user's data.",
});

export const userDeleted = defineEventType({
  type: 'USER_DELETED',
  topic: TOPICS.user,
  version: 1,
  schema: z.object({
    userId: entityIdSchema,
    sagaId: z.uuid(),
  }),
  description: 'Every participant purged; the account is gone.',
});
