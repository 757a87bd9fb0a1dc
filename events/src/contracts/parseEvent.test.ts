import { describe, expect, it } from 'vitest';
import { createEvent } from './createEvent.ts';
import {
  EVENT_VALIDATION_ERROR_CODES,
  EventValidationError,
  type EventValidationErrorCode,
} from './EventValidationError.ts';
import { decodeMessage, encodeEvent } from './kafkaCodec.ts';
import { parseEvent, safeParseEvent, type ParseResult } from './parseEvent.ts';
import { CAUSE_ID, EVENT_ID, expense, options } from './testFixtures.ts';
import { TOPICS } from './topics.ts';

/** A valid stored EXPENSE_CREATED as a plain object, to break one attribute at a time. */
const valid = (): Record<string, unknown> =>
  JSON.parse(JSON.stringify(createEvent('EXPENSE_CREATED', expense, options)));

const without = (key: string) => {
  const event = valid();
  delete event[key];
  return event;
};

const failure = (result: ParseResult<unknown>): EventValidationError => {
  if (result.ok) throw new Error('expected the event to be refused');
  return result.error;
};

describe('parseEvent, given a valid event', () => {
  it('when given JSON text, bytes or an object, then returns the same typed event', () => {
    const event = createEvent('EXPENSE_CREATED', expense, { ...options, causationId: CAUSE_ID });
    const json = JSON.stringify(event);

    expect(parseEvent(json)).toEqual(event);
    expect(parseEvent(Buffer.from(json))).toEqual(event);
    expect(parseEvent(JSON.parse(json))).toEqual(event);
  });

  it('when correlationid is missing, then it is the event id; unknown extensions are dropped', () => {
    const stored = { ...without('correlationid'), traceparent: '00-abc' };

    const event = parseEvent(stored);

    expect(event.correlationid).toBe(EVENT_ID);
    expect(event).not.toHaveProperty('traceparent');
  });

  it('when the expected topic is the type topic, then narrows to that topic events', () => {
    const event = parseEvent(valid(), { topic: TOPICS.expense });
    expect(event.type).toBe('EXPENSE_CREATED');
  });
});

// Each refusal reason, with a case that produces it; the last test checks none is left untested.
const refusals: readonly {
  readonly name: string;
  readonly code: EventValidationErrorCode;
  readonly reason: RegExp;
  readonly run: () => ParseResult<unknown>;
}[] = [
  {
    name: 'text that is not JSON',
    code: 'malformed_json',
    reason: /not valid UTF-8 JSON/,
    run: () => safeParseEvent('{"specversion": "1.0",'),
  },
  {
    name: 'a message without value',
    code: 'malformed_json',
    reason: /no value/,
    run: () => decodeMessage({ value: null }),
  },
  {
    name: 'specversion 0.3',
    code: 'unsupported_specversion',
    reason: /specversion must be "1\.0", got "0\.3"/,
    run: () => safeParseEvent({ ...valid(), specversion: '0.3' }),
  },
  {
    name: 'no specversion',
    code: 'unsupported_specversion',
    reason: /got nothing/,
    run: () => safeParseEvent(without('specversion')),
  },
  {
    name: 'a JSON array',
    code: 'invalid_envelope',
    reason: /must be a JSON object/,
    run: () => safeParseEvent('[1, 2]'),
  },
  {
    name: 'no subject',
    code: 'invalid_envelope',
    reason: /subject: subject \(the user id\) is required/,
    run: () => safeParseEvent(without('subject')),
  },
  {
    name: 'an id that is not a UUID',
    code: 'invalid_envelope',
    reason: /id: id must be a UUID/,
    run: () => safeParseEvent({ ...valid(), id: 'evt-1' }),
  },
  {
    name: 'a time without zone',
    code: 'invalid_envelope',
    reason: /time: must be an ISO 8601 date-time/,
    run: () => safeParseEvent({ ...valid(), time: '2025-03-14 09:26' }),
  },
  {
    name: 'another datacontenttype',
    code: 'invalid_envelope',
    reason: /datacontenttype must be "application\/json"/,
    run: () => safeParseEvent({ ...valid(), datacontenttype: 'application/xml' }),
  },
  {
    name: 'a dataversion that is not an integer',
    code: 'invalid_envelope',
    reason: /dataversion: dataversion must be an integer/,
    run: () => safeParseEvent({ ...valid(), dataversion: '2' }),
  },
  {
    name: 'a type not in the catalog',
    code: 'unknown_type',
    reason: /Unknown event type "EXPENSE_EXPLODED"/,
    run: () => safeParseEvent({ ...valid(), type: 'EXPENSE_EXPLODED' }),
  },
  {
    name: 'a dataversion newer than known',
    code: 'unsupported_dataversion',
    reason:
      /EXPENSE_CREATED dataversion 3 is not readable; known: 1 to 2 \(deploy a newer consumer\)/,
    run: () => safeParseEvent({ ...valid(), dataversion: 3 }),
  },
  {
    name: 'data that does not match the schema',
    code: 'invalid_data',
    reason: /data\.amount\.currency: must be an ISO 4217 code.*; data\.mood: Invalid option/,
    run: () =>
      safeParseEvent({
        ...valid(),
        data: { ...expense, mood: 'furious', amount: { minor: 1, currency: 'euro' } },
      }),
  },
  {
    name: 'stored v1 data that does not match v1',
    code: 'invalid_data',
    reason: /does not match dataversion 1: data\.amount/,
    run: () =>
      safeParseEvent({ ...valid(), dataversion: 1, data: { ...expense, currency: 'EUR' } }),
  },
  {
    name: 'v1 data whose amount cannot be converted',
    code: 'upcast_failed',
    reason: /upcast from dataversion 1 failed: RangeError/,
    run: () =>
      safeParseEvent({
        ...valid(),
        dataversion: 1,
        data: { ...expense, amount: 1e21, currency: 'EUR' },
      }),
  },
  {
    name: 'a subject other than data.userId',
    code: 'subject_mismatch',
    reason: /subject "intruder" differs from data\.userId "user-7f3a"/,
    run: () => safeParseEvent({ ...valid(), subject: 'intruder' }),
  },
  {
    name: 'an expense event read from the user topic',
    code: 'unexpected_topic',
    reason: /EXPENSE_CREATED belongs on expensio\.expense\.v1, not expensio\.user\.v1/,
    run: () => safeParseEvent(valid(), { topic: TOPICS.user }),
  },
  {
    name: 'a ce_type header that contradicts the value',
    code: 'header_mismatch',
    reason: /Header ce_type "USER_DELETED" contradicts type "EXPENSE_CREATED"/,
    run: () => {
      const message = encodeEvent(createEvent('EXPENSE_CREATED', expense, options));
      return decodeMessage({
        ...message,
        headers: { ...message.headers, ce_type: 'USER_DELETED' },
      });
    },
  },
];

describe('safeParseEvent, given an invalid event', () => {
  it.each(refusals)('when it has $name, then refuses with $code', ({ code, reason, run }) => {
    const error = failure(run());

    expect(error).toBeInstanceOf(EventValidationError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(reason);
  });

  it('when refused, then the error names the event for the dead-letter headers', () => {
    const error = failure(safeParseEvent({ ...valid(), dataversion: 3 }));

    expect(error.toJSON()).toMatchObject({
      name: 'EventValidationError',
      code: 'unsupported_dataversion',
      eventId: EVENT_ID,
      eventType: 'EXPENSE_CREATED',
      dataversion: 3,
    });
  });

  it('when data is invalid, then each issue has its path inside the envelope', () => {
    const error = failure(safeParseEvent({ ...valid(), data: { ...expense, userId: undefined } }));
    expect(error.issues).toEqual([{ path: 'data.userId', message: expect.any(String) }]);
  });

  it('then every refusal code of the contract is exercised above', () => {
    expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(EVENT_VALIDATION_ERROR_CODES));
  });
});

describe('parseEvent, given an invalid event', () => {
  it('when parsed, then throws the EventValidationError that safeParseEvent returns', () => {
    expect(() => parseEvent({ ...valid(), type: 'NOPE' })).toThrow(
      expect.objectContaining({ name: 'EventValidationError', code: 'unknown_type' }),
    );
  });
});
