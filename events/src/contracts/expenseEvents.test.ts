import { describe, expect, it } from 'vitest';
import { createEvent } from './createEvent.ts';
import { parseEvent } from './parseEvent.ts';
import { expense, options, sampleData } from './testFixtures.ts';

describe('EXPENSE_CREATED upcasting', () => {
  it('given a stored v1 event with a float amount and no triggers, when parsed, then returns the current v2 shape', () => {
    // As written to the log by the first producer: never edit, it is the contract under test.
    const storedV1 =
      '{"specversion":"1.0","id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"EXPENSE_CREATED",' +
      '"source":"/expensio/expense","subject":"64b7f0c2e4b0a1a2b3c4d5e6",' +
      '"time":"2024-06-02T18:45:10.123Z","datacontenttype":"application/json","dataversion":1,' +
      '"correlationid":"7c9e6679-7425-40de-944b-e07fc1f90ae7","data":{' +
      '"expenseId":"64b7f0c2e4b0a1a2b3c4d5f0","userId":"64b7f0c2e4b0a1a2b3c4d5e6",' +
      '"title":"Concert tickets","amount":89.99,"currency":"USD","categoryCode":"entertainmentAndRecreation",' +
      '"mood":"happy","expenseType":"luxury","paymentMethod":"credit_card",' +
      '"occurredAt":"2024-06-02T20:00:00-04:00","timeZone":"America/New_York","version":1}}';

    const event = parseEvent(storedV1);

    expect(event).toEqual({
      specversion: '1.0',
      id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      type: 'EXPENSE_CREATED',
      source: '/expensio/expense',
      subject: '64b7f0c2e4b0a1a2b3c4d5e6',
      time: '2024-06-02T18:45:10.123Z',
      datacontenttype: 'application/json',
      dataversion: 2,
      correlationid: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
      data: {
        expenseId: '64b7f0c2e4b0a1a2b3c4d5f0',
        userId: '64b7f0c2e4b0a1a2b3c4d5e6',
        title: 'Concert tickets',
        amount: { minor: 8999, currency: 'USD' },
        categoryCode: 'entertainmentAndRecreation',
        mood: 'happy',
        cognitiveTriggers: [],
        expenseType: 'luxury',
        paymentMethod: 'credit_card',
        merchant: null,
        tags: [],
        isRecurring: false,
        occurredAt: '2024-06-02T20:00:00-04:00',
        timeZone: 'America/New_York',
        version: 1,
      },
    });
  });

  it('given a stored v1 event in yen with triggers, when parsed, then amounts use the yen exponent and triggers are kept', () => {
    const storedV1 = JSON.stringify({
      ...JSON.parse(JSON.stringify(createEvent('EXPENSE_CREATED', expense, options))),
      dataversion: 1,
      data: {
        ...expense,
        amount: 1200,
        currency: 'JPY',
        cognitiveTriggers: ['impulseBuying'],
        mood: null,
      },
    });

    const { data } = parseEvent(storedV1, { topic: 'expensio.expense.v1' });

    expect(data).toMatchObject({
      amount: { minor: 1200, currency: 'JPY' },
      cognitiveTriggers: ['impulseBuying'],
      mood: null,
    });
  });
});

describe('EXPENSE_UPDATED and EXPENSE_DELETED invariants', () => {
  const updated = sampleData.EXPENSE_UPDATED;

  it('given an after snapshot at another version than the event, when created, then refuses', () => {
    const bad = { ...updated, after: { ...updated.after, version: 3 } };
    expect(() => createEvent('EXPENSE_UPDATED', bad, options)).toThrow(
      /data\.after\.version: must equal the event version/,
    );
  });

  it('given a before snapshot of another expense, when created, then refuses', () => {
    const bad = { ...updated, before: { ...updated.before, expenseId: 'other' } };
    expect(() => createEvent('EXPENSE_UPDATED', bad, options)).toThrow(
      /data\.before\.expenseId: must equal expenseId/,
    );
  });

  it('given duplicate changed fields or duplicate triggers, when created, then refuses', () => {
    expect(() =>
      createEvent('EXPENSE_UPDATED', { ...updated, changedFields: ['mood', 'mood'] }, options),
    ).toThrow(/"mood" appears twice/);
    expect(() =>
      createEvent(
        'EXPENSE_CREATED',
        { ...expense, cognitiveTriggers: ['nostalgia', 'nostalgia'] },
        options,
      ),
    ).toThrow(/"nostalgia" appears twice/);
  });

  it('given a delete whose version is not above the deleted state, when created, then refuses', () => {
    const bad = { ...sampleData.EXPENSE_DELETED, version: 1 };
    expect(() => createEvent('EXPENSE_DELETED', bad, options)).toThrow(
      /data\.before\.version: must be lower than the event version/,
    );
  });
});

describe('FINANCIALDATA_UPDATED invariants', () => {
  it('given a category listed twice, when created, then refuses', () => {
    const data = sampleData.FINANCIALDATA_UPDATED;
    const row = { categoryCode: 'food', amounts: { EUR: 1 }, count: 1 };
    const bad = { ...data, figures: { ...data.figures, byCategory: [row, row] } };
    expect(() => createEvent('FINANCIALDATA_UPDATED', bad, options)).toThrow(
      /data\.figures\.byCategory\.1\.categoryCode: "food" appears twice/,
    );
  });
});
