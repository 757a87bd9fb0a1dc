// Type-level contract: tsc (npx tsc -p events) checks the @ts-expect-error lines and expectTypeOf
// calls; the runtime assertions beside them show that what the compiler refuses is refused at run
// time too, for callers that bypass the types (JSON from the outside, `as never`).
import type { KafkaMessage, Message } from 'kafkajs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  DataVersionOf,
  EventData,
  EventsOfTopic,
  EventType,
  ExpensioEvent,
  TopicEventMap,
  TopicOf,
} from './catalog.ts';
import { createEvent } from './createEvent.ts';
import { EventValidationError } from './EventValidationError.ts';
import type { FINANCIAL_DATA_SOURCE_EVENT_TYPES } from './financialDataEvents.ts';
import {
  decodeMessage,
  encodeEvent,
  type EncodedMessage,
  type IncomingMessage,
} from './kafkaCodec.ts';
import { parseEvent } from './parseEvent.ts';
import { expense, options, sampleData } from './testFixtures.ts';
import type { Topic } from './topics.ts';
import type { CognitiveTrigger, Mood } from './vocabulary.ts';

describe('createEvent types', () => {
  it('given a payload of another type, when creating, then it is a compile error and a runtime refusal', () => {
    expect(() =>
      // @ts-expect-error USER_DELETED data is not EXPENSE_CREATED data
      createEvent('EXPENSE_CREATED', sampleData.USER_DELETED, options),
    ).toThrow(EventValidationError);
  });

  it('given a float amount or an unknown trigger, when creating, then it is a compile error and a runtime refusal', () => {
    expect(() =>
      // @ts-expect-error amount is Money in minor units since dataversion 2
      createEvent('EXPENSE_CREATED', { ...expense, amount: 12.5 }, options),
    ).toThrow(/data\.amount/);
    expect(() =>
      // @ts-expect-error triggers are the DESIGN.md codes
      createEvent('EXPENSE_CREATED', { ...expense, cognitiveTriggers: ['yolo'] }, options),
    ).toThrow(/data\.cognitiveTriggers/);
  });

  it('given an unknown event type, when creating, then it is a compile error and a runtime refusal', () => {
    expect(() =>
      // @ts-expect-error not in the catalog
      createEvent('EXPENSE_EXPLODED', expense, options),
    ).toThrow(/Unknown event type/);
  });

  it('given a created event, then its type, version and data are exact and readonly', () => {
    const event = createEvent('EXPENSE_CREATED', expense, options);

    expectTypeOf(event.type).toEqualTypeOf<'EXPENSE_CREATED'>();
    expectTypeOf(event.dataversion).toEqualTypeOf<2>();
    expectTypeOf(event.data.amount).toEqualTypeOf<{
      readonly minor: number;
      readonly currency: string;
    }>();
    expectTypeOf(event.data.mood).toEqualTypeOf<Mood | null>();
    expectTypeOf(event.data.cognitiveTriggers).toEqualTypeOf<readonly CognitiveTrigger[]>();
    expect(() => {
      // @ts-expect-error events are facts: readonly in types, frozen at run time
      event.data.amount.minor = 0;
    }).toThrow(TypeError);
  });
});

describe('topic map types', () => {
  it('given the catalog, then TopicOf and EventsOfTopic map types and topics both ways', () => {
    expectTypeOf<TopicOf<'INCOME_DELETED'>>().toEqualTypeOf<'expensio.income.v1'>();
    expectTypeOf<EventsOfTopic<'expensio.user.v1'>['type']>().toEqualTypeOf<
      | 'USER_REGISTERED'
      | 'USER_PROFILE_UPDATED'
      | 'USER_DELETION_REQUESTED'
      | 'USER_DATA_PURGED'
      | 'USER_DELETED'
    >();
    expectTypeOf<TopicEventMap['expensio.financial-data.v1']>().toEqualTypeOf<
      ExpensioEvent<'FINANCIALDATA_UPDATED' | 'BUDGET_EXCEEDED'>
    >();
    expectTypeOf<DataVersionOf<'EXPENSE_CREATED'>>().toEqualTypeOf<2>();
    expectTypeOf<(typeof FINANCIAL_DATA_SOURCE_EVENT_TYPES)[number]>().toExtend<EventType>();
  });

  it('given a bus keyed by the topic map, when publishing an event on another topic, then it is a compile error', () => {
    const published: [Topic, readonly ExpensioEvent[]][] = [];
    const publish = <Tp extends Topic>(topic: Tp, events: readonly TopicEventMap[Tp][]) => {
      published.push([topic, events]);
    };
    const expenseEvent = createEvent('EXPENSE_CREATED', expense, options);

    publish('expensio.expense.v1', [expenseEvent]);
    // @ts-expect-error an expense event does not go on the user topic
    publish('expensio.user.v1', [expenseEvent]);

    expect(published.map(([topic]) => topic)).toEqual(['expensio.expense.v1', 'expensio.user.v1']);
  });

  it('given a parse for a topic, then the result narrows by type to that event data', () => {
    const event = parseEvent(JSON.stringify(createEvent('EXPENSE_CREATED', expense, options)), {
      topic: 'expensio.expense.v1',
    });

    expectTypeOf(event).toEqualTypeOf<EventsOfTopic<'expensio.expense.v1'>>();
    switch (event.type) {
      case 'EXPENSE_UPDATED':
        expectTypeOf(event.data.changedFields).toExtend<readonly string[]>();
        break;
      case 'EXPENSE_CREATED':
        expectTypeOf(event.data).toEqualTypeOf<EventData<'EXPENSE_CREATED'>>();
        expect(event.data.amount.minor).toBe(1250);
        break;
      default:
        // @ts-expect-error only EXPENSE_DELETED is left; it has no `after`
        expect(event.data.after).toBeUndefined();
    }
    expect(event.type).toBe('EXPENSE_CREATED');
  });
});

describe('kafkajs compatibility', () => {
  it('given kafkajs message types, then encoded messages are sendable and consumed messages decodable', () => {
    expectTypeOf<EncodedMessage>().toExtend<Message>();
    expectTypeOf<KafkaMessage>().toExtend<IncomingMessage>();

    const message: Message = encodeEvent(
      createEvent('USER_DELETED', sampleData.USER_DELETED, options),
    );
    expect(decodeMessage({ value: message.value as string }).ok).toBe(true);
  });
});
