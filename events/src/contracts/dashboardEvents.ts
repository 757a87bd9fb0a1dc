// The dashboard's own event: "this user's dashboard changed". Every dashboard replica listens (each
// with a consumer group of its own) and pushes the new dashboard to the subscribers it holds, so a
// subscriber is served whichever replica applied the change.
import { z } from 'zod';
import { defineEventType } from './defineEventType.ts';
import { entityIdSchema, entityVersionSchema, isoDateTimeSchema } from './primitives.ts';
import { TOPICS } from './topics.ts';

export const dashboardUpdated = defineEventType({
  type: 'DASHBOARD_UPDATED',
  topic: TOPICS.dashboard,
  version: 1,
  schema: z.object({
    userId: entityIdSchema,
    /** The read model's revision after the change; a replica skips pushes older than what it sent. */
    revision: entityVersionSchema,
    /** The source event (FINANCIALDATA_UPDATED, EXPENSE_*, INCOME_*) that changed the dashboard. */
    causedBy: z.string().min(1),
    updatedAt: isoDateTimeSchema,
  }),
  description: "A user's dashboard read model changed; subscribers get the new dashboard.",
});
