import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, topicOf } from './catalog.ts';
import { createEvent } from './createEvent.ts';
import { decodeMessage, encodeEvent, STRUCTURED_CONTENT_TYPE } from './kafkaCodec.ts';
import { CAUSE_ID, EVENT_ID, options, sampleData, USER_ID } from './testFixtures.ts';

describe('encodeEvent then decodeMessage', () => {
  it.each(EVENT_TYPES)(
    'given a %s event, when encoded and decoded, then it is unchanged',
    (type) => {
      const event = createEvent(type, sampleData[type], { ...options, causationId: CAUSE_ID });

      const message = encodeEvent(event);
      const decoded = decodeMessage(
        { value: Buffer.from(message.value), headers: message.headers },
        { topic: topicOf(type) },
      );

      expect(decoded).toEqual({ ok: true, event });
    },
  );
});

describe('encodeEvent', () => {
  it('given an event, then the key is the user id and headers say what it is, as strings', () => {
    const event = createEvent('USER_DELETED', sampleData.USER_DELETED, options);

    const message = encodeEvent(event);

    expect(message.key).toBe(USER_ID);
    expect(JSON.parse(message.value)).toEqual(event);
    expect(message.headers).toEqual({
      'content-type': STRUCTURED_CONTENT_TYPE,
      ce_specversion: '1.0',
      ce_id: EVENT_ID,
      ce_type: 'USER_DELETED',
      ce_dataversion: '1',
    });
  });
});

describe('decodeMessage', () => {
  it('given headers as kafkajs delivers them (Buffers) and no headers at all, then decodes', () => {
    const event = createEvent('USER_DELETED', sampleData.USER_DELETED, options);
    const { value, headers } = encodeEvent(event);
    const bufferHeaders = Object.fromEntries(
      Object.entries(headers).map(([name, text]) => [name, Buffer.from(text)]),
    );

    expect(decodeMessage({ value, headers: bufferHeaders })).toEqual({ ok: true, event });
    expect(decodeMessage({ value })).toEqual({ ok: true, event });
  });

  it('given a ce_dataversion header that contradicts the value, then refuses with header_mismatch', () => {
    const { value, headers } = encodeEvent(
      createEvent('USER_DELETED', sampleData.USER_DELETED, options),
    );

    const result = decodeMessage({
      value,
      headers: { ...headers, ce_dataversion: [Buffer.from('2')] },
    });

    expect(result).toMatchObject({ ok: false, error: { code: 'header_mismatch' } });
  });

  it('given a JSON string value, then refuses it as an envelope rather than parsing it twice', () => {
    const result = decodeMessage({ value: JSON.stringify(JSON.stringify({ specversion: '1.0' })) });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_envelope', message: 'An event must be a JSON object' },
    });
  });

  it('given bytes that are not UTF-8, then refuses with malformed_json', () => {
    const result = decodeMessage({ value: Buffer.from([0xff, 0xfe, 0x7b]) });
    expect(result).toMatchObject({ ok: false, error: { code: 'malformed_json' } });
  });
});
