import { describe, expect, it } from 'vitest';
import { topicOf } from './catalog.ts';
import { createEvent } from './createEvent.ts';
import { parseEvent } from './parseEvent.ts';
import { options, sampleData } from './testFixtures.ts';

describe('FINANCIALDATA_UPDATED upcasting', () => {
  it('given a stored v1 event with one cause, when parsed, then returns v2 with the cause as the only change', () => {
    // As written to the log by a v1 producer: never edit, it is the contract under test.
    const storedV1 =
      '{"specversion":"1.0","id":"3b2f6d1e-8c1a-4f3e-9d2b-5a6c7e8f9a0b","type":"FINANCIALDATA_UPDATED",' +
      '"source":"/expensio/financial-data","subject":"user-7f3a","time":"2025-03-14T09:30:00.000Z",' +
      '"datacontenttype":"application/json","dataversion":1,"correlationid":"3b2f6d1e-8c1a-4f3e-9d2b-5a6c7e8f9a0b",' +
      '"data":{"userId":"user-7f3a","month":"2025-03","timeZone":"Europe/Paris","version":4,' +
      '"figures":{"expenses":{"amounts":{"EUR":1250},"count":1},"incomes":{"amounts":{},"count":0},' +
      '"byCategory":[{"categoryCode":"food","amounts":{"EUR":1250},"count":1}],' +
      '"byMood":[{"mood":"happy","amounts":{"EUR":1250},"count":1}],"byTrigger":[],"byIncomeCategory":[]},' +
      '"changed":{"type":"EXPENSE_CREATED","id":"9d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6"}}}';

    const event = parseEvent(storedV1);

    expect(event.dataversion).toBe(2);
    expect(event.type).toBe('FINANCIALDATA_UPDATED');
    if (event.type !== 'FINANCIALDATA_UPDATED') throw new Error('unreachable');
    expect(event.data).toEqual({
      userId: 'user-7f3a',
      month: '2025-03',
      timeZone: 'Europe/Paris',
      version: 4,
      figures: {
        expenses: { amounts: { EUR: 1250 }, count: 1 },
        incomes: { amounts: {}, count: 0 },
        byCategory: [{ categoryCode: 'food', amounts: { EUR: 1250 }, count: 1 }],
        byMood: [{ mood: 'happy', amounts: { EUR: 1250 }, count: 1 }],
        byTrigger: [],
        byIncomeCategory: [],
        byPaymentMethod: [],
        byExpenseType: [],
        recurring: { amounts: {}, count: 0 },
      },
      changes: [
        { type: 'EXPENSE_CREATED', id: '9d1e2f3a-4b5c-4d6e-9f70-8192a3b4c5d6', entityId: null, entityVersion: null },
      ],
    });
  });

  it('given no change listed, when created, then refuses', () => {
    expect(() =>
      createEvent('FINANCIALDATA_UPDATED', { ...sampleData.FINANCIALDATA_UPDATED, changes: [] }, options),
    ).toThrow(/data\.changes/);
  });
});

describe('BUDGET_EXCEEDED', () => {
  it('given the overall budget (no category), when created, then is accepted with a null category', () => {
    const event = createEvent('BUDGET_EXCEEDED', { ...sampleData.BUDGET_EXCEEDED, categoryCode: null }, options);
    expect(event.data.categoryCode).toBeNull();
    expect(topicOf(event.type)).toBe('expensio.financial-data.v1');
  });
});
