import { describe, expect, it } from 'vitest';
import { causedBy, createEvent, sourceOf } from './createEvent.ts';
import { EventValidationError } from './EventValidationError.ts';
import { CAUSE_ID, EVENT_ID, expense, options, sampleData, TIME, USER_ID } from './testFixtures.ts';

describe('createEvent', () => {
  it('given data, an id and a time, when created, then builds the exact CloudEvents envelope', () => {
    const event = createEvent('EXPENSE_CREATED', expense, options);

    expect(event).toEqual({
      specversion: '1.0',
      id: EVENT_ID,
      type: 'EXPENSE_CREATED',
      source: '/expensio/test',
      subject: USER_ID,
      time: TIME,
      datacontenttype: 'application/json',
      dataversion: 2,
      correlationid: EVENT_ID,
      data: expense,
    });
  });

  it('given no id nor time, when created, then uses a random UUID and now', () => {
    const before = Date.now();
    const event = createEvent('USER_DELETED', sampleData.USER_DELETED, {
      subject: USER_ID,
      source: sourceOf('user'),
    });

    expect(event.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before);
    expect(event.correlationid).toBe(event.id);
    expect(event.source).toBe('/expensio/user');
  });

  it('given a Date, when created, then time is its ISO string', () => {
    const event = createEvent('USER_DELETED', sampleData.USER_DELETED, {
      ...options,
      time: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
    });
    expect(event.time).toBe('2025-01-02T03:04:05.000Z');
  });

  it('given a causing event, when created with causedBy, then keeps its correlation and names it as cause', () => {
    const cause = createEvent('EXPENSE_CREATED', expense, {
      ...options,
      id: CAUSE_ID,
      correlationId: 'request-42',
    });

    const effect = createEvent('FINANCIALDATA_UPDATED', sampleData.FINANCIALDATA_UPDATED, {
      ...options,
      ...causedBy(cause),
    });

    expect(effect.correlationid).toBe('request-42');
    expect(effect.causationid).toBe(CAUSE_ID);
  });

  it('given data that breaks the schema, when created, then refuses with invalid_data before publishing', () => {
    const create = () =>
      createEvent(
        'EXPENSE_CREATED',
        { ...expense, amount: { minor: 12.5, currency: 'EUR' } },
        options,
      );
    expect(create).toThrow(EventValidationError);
    expect(create).toThrow(/data\.amount\.minor/);
  });

  it('given a subject other than data.userId, when created, then refuses with subject_mismatch', () => {
    expect(() =>
      createEvent('EXPENSE_CREATED', expense, { ...options, subject: 'someone-else' }),
    ).toThrow(expect.objectContaining({ code: 'subject_mismatch' }));
  });

  it('given data with unknown extra fields, when created, then they are dropped', () => {
    const event = createEvent(
      'USER_DELETED',
      { ...sampleData.USER_DELETED, secret: 'x' } as never,
      options,
    );
    expect(event.data).toEqual(sampleData.USER_DELETED);
  });
});
