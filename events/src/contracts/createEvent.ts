import { randomUUID } from 'node:crypto';
import type { EventDataInput, EventType, ExpensioEvent } from './catalog.ts';
import { eventCatalog, isEventType } from './catalog.ts';
import { DATA_CONTENT_TYPE, SPEC_VERSION } from './envelope.ts';
import { EventValidationError } from './EventValidationError.ts';
import { validateEvent } from './parseEvent.ts';
import type { ServiceName } from './vocabulary.ts';

export interface CreateEventOptions {
  /** The user the event is about: the CloudEvents `subject` and the Kafka key. Must equal
   * `data.userId`. */
  readonly subject: string;
  /** The producer, a URI reference; use sourceOf(service). */
  readonly source: string;
  /** The chain this event belongs to. Default: the event's own id (it starts a chain). */
  readonly correlationId?: string;
  /** The event that caused this one. Default: none. */
  readonly causationId?: string;
  /** Default: a random UUID. Pass one for deterministic tests or to derive it from a request. */
  readonly id?: string;
  /** When it happened. Default: now. */
  readonly time?: Date | string;
}

/**
 * Builds an event of the current version of `type` and validates it like a consumer would, so an
 * invalid event is refused before it reaches the outbox.
 * @throws EventValidationError (e.g. `invalid_data`, `subject_mismatch`).
 */
export function createEvent<T extends EventType>(
  type: T,
  data: EventDataInput<T>,
  options: CreateEventOptions,
): ExpensioEvent<T> {
  // Reachable only past the types (a type name read from outside); say so rather than crash.
  if (!isEventType(type)) {
    throw new EventValidationError('unknown_type', `Unknown event type "${String(type)}"`);
  }
  const id = options.id ?? randomUUID();
  const time = options.time ?? new Date();
  return validateEvent({
    specversion: SPEC_VERSION,
    id,
    type,
    source: options.source,
    subject: options.subject,
    time: typeof time === 'string' ? time : time.toISOString(),
    datacontenttype: DATA_CONTENT_TYPE,
    dataversion: eventCatalog[type].version,
    correlationid: options.correlationId ?? id,
    ...(options.causationId === undefined ? {} : { causationid: options.causationId }),
    data,
  }) as ExpensioEvent<T>;
}

/** Options that make a new event follow from `cause`: same correlation, caused by it. Spread into
 * createEvent's options in handlers that react to an event with another. */
export function causedBy(cause: Pick<ExpensioEvent, 'id' | 'correlationid'>): {
  readonly correlationId: string;
  readonly causationId: string;
} {
  return { correlationId: cause.correlationid, causationId: cause.id };
}

/** The CloudEvents `source` of a service's events, e.g. "/expensio/expense". */
export function sourceOf(service: ServiceName): `/expensio/${ServiceName}` {
  return `/expensio/${service}`;
}
