// The CloudEvents 1.0 envelope (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md).
// Extension attribute names are lowercase letters and digits only, hence `dataversion`,
// `correlationid` and `causationid`.
import { z } from 'zod';
import { isoDateTimeSchema } from './primitives.ts';

export const SPEC_VERSION = '1.0';
export const DATA_CONTENT_TYPE = 'application/json';

/** The envelope attributes; `data` stays unknown here and is validated by the schema of its type
 * once the type and dataversion are known. Unknown extension attributes are dropped. */
export const envelopeSchema = z.object({
  specversion: z.literal(SPEC_VERSION),
  id: z.uuid('id must be a UUID'),
  type: z.string('type is required').min(1, 'type must not be empty'),
  source: z.string('source is required').min(1, 'source must not be empty'),
  subject: z.string('subject (the user id) is required').min(1, 'subject must not be empty'),
  time: isoDateTimeSchema,
  datacontenttype: z.literal(DATA_CONTENT_TYPE, `datacontenttype must be "${DATA_CONTENT_TYPE}"`),
  dataversion: z.int('dataversion must be an integer').min(1, 'dataversion must be >= 1'),
  // Optional on read for tolerance; parseEvent fills it with the event's own id (a root event
  // correlates with itself) so consumers can always forward it.
  correlationid: z.string().min(1).optional(),
  causationid: z.string().min(1).optional(),
  data: z.unknown(),
});
export type RawEnvelope = z.output<typeof envelopeSchema>;

/** Makes a type readonly all the way down: events are facts, handlers must not mutate them. */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** One event as produced and consumed: the envelope with its typed data. */
export interface EventEnvelope<T extends string, V extends number, D> {
  readonly specversion: typeof SPEC_VERSION;
  /** UUID; consumers use it for idempotency. */
  readonly id: string;
  readonly type: T;
  /** Who produced it, e.g. "/expensio/expense" (see sourceOf). */
  readonly source: string;
  /** The user the event is about; also the Kafka key. */
  readonly subject: string;
  /** When it happened, ISO 8601. */
  readonly time: string;
  readonly datacontenttype: typeof DATA_CONTENT_TYPE;
  /** Always the current version of the type: older ones are upcast on read. */
  readonly dataversion: V;
  /** The id of the first event of the chain this one belongs to (its own id for a root event). */
  readonly correlationid: string;
  /** The id of the event that directly caused this one, if any. */
  readonly causationid?: string;
  readonly data: D;
}
