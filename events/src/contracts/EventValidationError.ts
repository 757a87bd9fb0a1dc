import type { z } from 'zod';

/** Why an event was refused. The runtime sends refused messages to the dead-letter queue at once
 * (retrying cannot fix them), with the code and message in its headers. */
export const EVENT_VALIDATION_ERROR_CODES = [
  /** The value is empty or not JSON. */
  'malformed_json',
  /** `specversion` is missing or not "1.0". */
  'unsupported_specversion',
  /** An envelope attribute is missing or wrong (id, type, source, subject, time, ...). */
  'invalid_envelope',
  /** `type` is not in the catalog. */
  'unknown_type',
  /** `dataversion` is newer than this build knows, or older than any upcaster reaches. */
  'unsupported_dataversion',
  /** `data` does not match the schema of its type and version. */
  'invalid_data',
  /** An upcaster threw, or its result does not match the next version's schema. */
  'upcast_failed',
  /** `subject` differs from the user id in `data`. */
  'subject_mismatch',
  /** The event type does not belong on the topic it was read from (or is published to). */
  'unexpected_topic',
  /** A `ce_*` Kafka header contradicts the attribute in the value. */
  'header_mismatch',
] as const;
export type EventValidationErrorCode = (typeof EVENT_VALIDATION_ERROR_CODES)[number];

export interface EventValidationIssue {
  /** Dotted path inside the envelope, e.g. "data.amount.minor"; "" for the whole value. */
  readonly path: string;
  readonly message: string;
}

/** What is known of the refused event, for the DLQ headers and logs. */
export interface EventValidationContext {
  readonly eventId?: string;
  readonly eventType?: string;
  readonly dataversion?: number;
  readonly issues?: readonly EventValidationIssue[];
  readonly cause?: unknown;
}

export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly code: EventValidationErrorCode;
  readonly issues: readonly EventValidationIssue[];
  readonly eventId: string | undefined;
  readonly eventType: string | undefined;
  readonly dataversion: number | undefined;

  constructor(
    code: EventValidationErrorCode,
    message: string,
    context: EventValidationContext = {},
  ) {
    const details = context.issues?.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    super(details?.length ? `${message}: ${details.join('; ')}` : message, {
      cause: context.cause,
    });
    this.code = code;
    this.issues = context.issues ?? [];
    this.eventId = context.eventId;
    this.eventType = context.eventType;
    this.dataversion = context.dataversion;
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      issues: this.issues,
      eventId: this.eventId,
      eventType: this.eventType,
      dataversion: this.dataversion,
    };
  }
}

export const isEventValidationError = (value: unknown): value is EventValidationError =>
  value instanceof EventValidationError;

/** zod issues as paths under a prefix ("data" for the payload). */
export function toIssues(error: z.ZodError, prefix = ''): EventValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}
