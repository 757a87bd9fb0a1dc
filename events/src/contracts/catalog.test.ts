import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_TYPES, eventCatalog, eventTypesOfTopic, isEventType, topicOf } from './catalog.ts';
import { defineEventType, defineUpcaster } from './defineEventType.ts';
import { ALL_DLQ_TOPICS, ALL_TOPICS, dlqTopic, TOPICS } from './topics.ts';

describe('eventCatalog', () => {
  it('given the catalog, then every key is the type of its definition', () => {
    for (const [key, definition] of Object.entries(eventCatalog)) {
      expect(definition.type).toBe(key);
    }
  });

  it('given the catalog, then each aggregate topic carries its own events', () => {
    expect(eventTypesOfTopic(TOPICS.expense)).toEqual([
      'EXPENSE_CREATED',
      'EXPENSE_UPDATED',
      'EXPENSE_DELETED',
    ]);
    expect(eventTypesOfTopic(TOPICS.income)).toEqual([
      'INCOME_CREATED',
      'INCOME_UPDATED',
      'INCOME_DELETED',
    ]);
    expect(eventTypesOfTopic(TOPICS.financialData)).toEqual(['FINANCIALDATA_UPDATED', 'BUDGET_EXCEEDED']);
    expect(eventTypesOfTopic(TOPICS.dashboard)).toEqual(['DASHBOARD_UPDATED']);
    expect(eventTypesOfTopic(TOPICS.chat)).toEqual(['CHAT_TRANSACTION_REQUESTED', 'CHAT_TRANSACTION_REJECTED', 'CHAT_UNDO_REQUESTED', 'CHAT_MESSAGE_ADDED']);
    expect(eventTypesOfTopic(TOPICS.user)).toEqual([
      'USER_REGISTERED',
      'USER_PROFILE_UPDATED',
      'USER_DELETION_REQUESTED',
      'USER_DATA_PURGED',
      'USER_DELETED',
    ]);
    expect(topicOf('EXPENSE_CREATED')).toBe('expensio.expense.v1');
  });

  it('given every type, then each is on exactly one known topic', () => {
    const covered = ALL_TOPICS.flatMap((topic) => eventTypesOfTopic(topic));
    expect([...covered].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('given strings, when checked, then only catalog types are event types', () => {
    expect(isEventType('EXPENSE_CREATED')).toBe(true);
    expect(isEventType('EXPENSE_EXPLODED')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });
});

describe('topics', () => {
  it('given each topic, then its dead-letter topic is <topic>.dlq', () => {
    expect(dlqTopic(TOPICS.expense)).toBe('expensio.expense.v1.dlq');
    expect(ALL_TOPICS).toEqual([
      'expensio.expense.v1',
      'expensio.income.v1',
      'expensio.financial-data.v1',
      'expensio.user.v1',
      'expensio.dashboard.v1',
      'expensio.chat.v1',
    ]);
    expect(ALL_DLQ_TOPICS).toEqual(ALL_TOPICS.map((topic) => `${topic}.dlq`));
  });
});

describe('defineEventType', () => {
  const v1 = z.object({ userId: z.string() });
  const v2 = z.object({ userId: z.string(), n: z.number() });
  const step = (version: number) =>
    defineUpcaster({ version, schema: v1, to: v2, upcast: (d) => ({ ...d, n: 0 }) });
  const define = (version: number, legacy: ReturnType<typeof step>[]) =>
    defineEventType({
      type: 'TEST_HAPPENED',
      topic: TOPICS.user,
      version,
      schema: v2,
      legacy,
      description: 'test',
    });

  it('given legacy versions that reach the current one, when defined, then is accepted', () => {
    expect(define(3, [step(1), step(2)]).legacy.map((s) => s.version)).toEqual([1, 2]);
    expect(define(3, [step(2)]).legacy).toHaveLength(1);
  });

  it('given a gap, a wrong end or a version below 1, when defined, then throws at load time', () => {
    expect(() => define(3, [step(1)])).toThrow(/contiguous and end at 2/);
    expect(() => define(2, [step(1), step(1)])).toThrow(/contiguous/);
    expect(() => define(0, [])).toThrow(/>= 1/);
  });
});
