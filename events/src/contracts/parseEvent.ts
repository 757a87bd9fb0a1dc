import type { z } from 'zod';
import { eventCatalog, isEventType, type EventsOfTopic, type ExpensioEvent } from './catalog.ts';
import type { EventDefinition } from './defineEventType.ts';
import { envelopeSchema, SPEC_VERSION, type RawEnvelope } from './envelope.ts';
import { EventValidationError, toIssues } from './EventValidationError.ts';
import type { Topic } from './topics.ts';

/** The outcome of safeParseEvent / decodeMessage: never throws for a bad event. */
export type ParseResult<E = ExpensioEvent> =
  | { readonly ok: true; readonly event: E }
  | { readonly ok: false; readonly error: EventValidationError };

export interface ParseEventOptions<Tp extends Topic = Topic> {
  /** The topic the event was read from; an event type that belongs elsewhere is refused
   * (`unexpected_topic`) and the result is narrowed to that topic's events. */
  readonly topic?: Tp;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** JSON text (string or UTF-8 bytes) to a value; anything else is taken as already parsed. */
export function toJsonValue(input: unknown): unknown {
  if (input === null || input === undefined) {
    throw new EventValidationError('malformed_json', 'The message has no value');
  }
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  try {
    return JSON.parse(typeof input === 'string' ? input : textDecoder.decode(input));
  } catch (cause) {
    throw new EventValidationError('malformed_json', 'The message value is not valid UTF-8 JSON', {
      cause,
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEnvelope(value: unknown): RawEnvelope {
  if (!isRecord(value)) {
    throw new EventValidationError('invalid_envelope', 'An event must be a JSON object');
  }
  const context = {
    eventId: typeof value.id === 'string' ? value.id : undefined,
    eventType: typeof value.type === 'string' ? value.type : undefined,
  };
  if (value.specversion !== SPEC_VERSION) {
    throw new EventValidationError(
      'unsupported_specversion',
      `specversion must be "${SPEC_VERSION}", got ${JSON.stringify(value.specversion) ?? 'nothing'}`,
      context,
    );
  }
  const parsed = envelopeSchema.safeParse(value);
  if (!parsed.success) {
    throw new EventValidationError('invalid_envelope', 'The CloudEvents envelope is invalid', {
      ...context,
      issues: toIssues(parsed.error),
    });
  }
  return parsed.data;
}

/** Validates stored data of any readable version and upcasts it step by step to the current one. */
function upcastData(definition: EventDefinition, envelope: RawEnvelope): unknown {
  const context = {
    eventId: envelope.id,
    eventType: envelope.type,
    dataversion: envelope.dataversion,
  };
  const oldest = definition.version - definition.legacy.length;
  if (envelope.dataversion > definition.version || envelope.dataversion < oldest) {
    const known =
      oldest === definition.version ? `${oldest}` : `${oldest} to ${definition.version}`;
    const hint = envelope.dataversion > definition.version ? ' (deploy a newer consumer)' : '';
    throw new EventValidationError(
      'unsupported_dataversion',
      `${envelope.type} dataversion ${envelope.dataversion} is not readable; known: ${known}${hint}`,
      context,
    );
  }

  let data = envelope.data;
  for (const step of definition.legacy.slice(envelope.dataversion - oldest)) {
    const stored = step.schema.safeParse(data);
    if (!stored.success) {
      const code = step.version === envelope.dataversion ? 'invalid_data' : 'upcast_failed';
      throw new EventValidationError(
        code,
        `${envelope.type} data does not match dataversion ${step.version}`,
        { ...context, issues: toIssues(stored.error, 'data') },
      );
    }
    try {
      data = step.upcast(stored.data);
    } catch (cause) {
      throw new EventValidationError(
        'upcast_failed',
        `${envelope.type} upcast from dataversion ${step.version} failed: ${String(cause)}`,
        { ...context, cause },
      );
    }
  }

  const current = (definition.schema as z.ZodType).safeParse(data);
  if (!current.success) {
    const upcast = envelope.dataversion !== definition.version;
    throw new EventValidationError(
      upcast ? 'upcast_failed' : 'invalid_data',
      upcast
        ? `${envelope.type} data upcast from dataversion ${envelope.dataversion} does not match dataversion ${definition.version}`
        : `${envelope.type} data does not match dataversion ${definition.version}`,
      { ...context, issues: toIssues(current.error, 'data') },
    );
  }
  return current.data;
}

/**
 * The whole check, on a value already decoded from JSON: envelope, type, topic, dataversion (with
 * upcasting), data, subject. Throws EventValidationError. Shared by produce (createEvent) and
 * consume (parseEvent), so both ends apply exactly the same rules.
 */
export function validateEvent(value: unknown, options: ParseEventOptions = {}): ExpensioEvent {
  const envelope = readEnvelope(value);
  const context = { eventId: envelope.id, eventType: envelope.type };
  if (!isEventType(envelope.type)) {
    throw new EventValidationError(
      'unknown_type',
      `Unknown event type "${envelope.type}"`,
      context,
    );
  }
  const definition: EventDefinition = eventCatalog[envelope.type];
  if (options.topic !== undefined && definition.topic !== options.topic) {
    throw new EventValidationError(
      'unexpected_topic',
      `${envelope.type} belongs on ${definition.topic}, not ${options.topic}`,
      context,
    );
  }
  const data = upcastData(definition, envelope) as { readonly userId: string };
  if (data.userId !== envelope.subject) {
    throw new EventValidationError(
      'subject_mismatch',
      `subject "${envelope.subject}" differs from data.userId "${data.userId}"`,
      { ...context, dataversion: envelope.dataversion },
    );
  }
  // Built field by field, in the envelope's order: a rest-and-spread copy cost more than the
  // checks above (every consumed event passes here).
  const event: Record<string, unknown> = {
    specversion: envelope.specversion,
    id: envelope.id,
    type: envelope.type,
    source: envelope.source,
    subject: envelope.subject,
    time: envelope.time,
    datacontenttype: envelope.datacontenttype,
    dataversion: definition.version,
    data,
    correlationid: envelope.correlationid ?? envelope.id,
  };
  if (envelope.causationid !== undefined) event.causationid = envelope.causationid;
  return deepFreeze(event) as unknown as ExpensioEvent;
}

/** Events are facts: the types say readonly, and freezing makes a handler that mutates one fail
 * loudly instead of corrupting what the next handler sees. The objects are fresh (zod copies them). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    // Keys walked in place: Object.values would allocate an array per object of every event.
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Parses an event from JSON text, UTF-8 bytes or an already decoded object: validates the envelope,
 * looks up the type, upcasts older dataversions to the current one and validates the data.
 * @throws EventValidationError with a `code` saying why.
 */
export function parseEvent(input: unknown): ExpensioEvent;
export function parseEvent<Tp extends Topic>(
  input: unknown,
  options: ParseEventOptions<Tp>,
): EventsOfTopic<Tp>;
export function parseEvent(input: unknown, options: ParseEventOptions = {}): ExpensioEvent {
  return validateEvent(toJsonValue(input), options);
}

/** parseEvent that returns `{ ok: false, error }` instead of throwing, for the consumer runner. */
export function safeParseEvent(input: unknown): ParseResult;
export function safeParseEvent<Tp extends Topic>(
  input: unknown,
  options: ParseEventOptions<Tp>,
): ParseResult<EventsOfTopic<Tp>>;
export function safeParseEvent(input: unknown, options: ParseEventOptions = {}): ParseResult {
  return settle(() => parseEvent(input, options));
}

/** Runs a parse, turning an EventValidationError into a failed result; other errors are bugs and
 * propagate. */
export function settle<E>(parse: () => E): ParseResult<E> {
  try {
    return { ok: true, event: parse() };
  } catch (error) {
    if (error instanceof EventValidationError) return { ok: false, error };
    throw error;
  }
}
