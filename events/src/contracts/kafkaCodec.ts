// Kafka serialization. The value is the whole event in CloudEvents structured mode (JSON); the key is
// the user id so one user's events stay in order on one partition. The attributes that say what a
// message is (specversion, id, type, dataversion) are copied into `ce_*` headers as in binary mode,
// so tools and the DLQ CLI can tell without parsing values. The others (source, subject, time,
// correlation, causation) are in the value only: kafkajs decodes every header of every message into
// two Buffers in every consumer, and those five cost a consumer ~10% of its throughput
// (bench:financial) while nothing read them. The subject is the key anyway.
import type { EventsOfTopic, ExpensioEvent } from './catalog.ts';
import { EventValidationError } from './EventValidationError.ts';
import type { ParseEventOptions, ParseResult } from './parseEvent.ts';
import { settle, toJsonValue, validateEvent } from './parseEvent.ts';
import type { Topic } from './topics.ts';

export const CONTENT_TYPE_HEADER = 'content-type';
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** Attribute -> header: the headers a message carries, compared with the value when decoding. */
export const CE_HEADERS = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  dataversion: 'ce_dataversion',
} as const;

/** A message ready for kafkajs `producer.send({ topic, messages: [message] })`. */
export interface EncodedMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The parts of a consumed message decodeMessage reads; kafkajs' KafkaMessage fits. */
export interface IncomingMessage {
  readonly value: Buffer | Uint8Array | string | null;
  readonly headers?: Readonly<
    Record<
      string,
      Buffer | Uint8Array | string | readonly (Buffer | Uint8Array | string)[] | undefined
    >
  >;
}

export function encodeEvent(event: ExpensioEvent): EncodedMessage {
  const headers: Record<string, string> = { [CONTENT_TYPE_HEADER]: STRUCTURED_CONTENT_TYPE };
  for (const [attribute, header] of Object.entries(CE_HEADERS)) {
    const value = event[attribute as keyof ExpensioEvent];
    if (value !== undefined) headers[header] = String(value);
  }
  return { key: event.subject, value: JSON.stringify(event), headers };
}

function headerText(value: NonNullable<IncomingMessage['headers']>[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  if (typeof first === 'string') return first;
  // kafkajs hands Buffers: read them in place (Buffer.from would copy every header of every message).
  return Buffer.isBuffer(first) ? first.toString('utf8') : Buffer.from(first as Uint8Array).toString('utf8');
}

/** Refuses a message whose ce_* headers contradict its value: a producer bug or tampering, and
 * routing by header would send it to the wrong handler. */
function checkHeaders(value: unknown, headers: IncomingMessage['headers']): void {
  if (!headers || typeof value !== 'object' || value === null) return;
  const attributes = value as Record<string, unknown>;
  for (const [attribute, header] of Object.entries(CE_HEADERS)) {
    const fromHeader = headerText(headers[header]);
    const fromValue = attributes[attribute];
    if (fromHeader === undefined || fromValue === undefined) continue;
    if (fromHeader !== String(fromValue)) {
      throw new EventValidationError(
        'header_mismatch',
        `Header ${header} "${fromHeader}" contradicts ${attribute} ${JSON.stringify(fromValue)}`,
        {
          eventId: typeof attributes.id === 'string' ? attributes.id : undefined,
          eventType: typeof attributes.type === 'string' ? attributes.type : undefined,
        },
      );
    }
  }
}

/**
 * Decodes a consumed Kafka message into an event (upcast to the current version). Never throws for a
 * bad message: `{ ok: false, error }` goes to the dead-letter queue.
 */
export function decodeMessage(message: IncomingMessage): ParseResult;
export function decodeMessage<Tp extends Topic>(
  message: IncomingMessage,
  options: ParseEventOptions<Tp>,
): ParseResult<EventsOfTopic<Tp>>;
export function decodeMessage(
  message: IncomingMessage,
  options: ParseEventOptions = {},
): ParseResult {
  return settle(() => {
    const value = toJsonValue(message.value);
    checkHeaders(value, message.headers);
    return validateEvent(value, options);
  });
}
