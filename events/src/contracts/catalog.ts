// The catalog: every event type with its topic, current dataversion, schema and upcasters, and the
// types derived from it. Adding an event type means adding it here (see README.md "Contracts").
import type { z } from 'zod';
import type { EventDefinition } from './defineEventType.ts';
import type { DeepReadonly, EventEnvelope } from './envelope.ts';
import { expenseCreated, expenseDeleted, expenseUpdated } from './expenseEvents.ts';
import { chatMessageAdded, chatTransactionRejected, chatTransactionRequested, chatUndoRequested } from './chatEvents.ts';
import { dashboardUpdated } from './dashboardEvents.ts';
import { budgetExceeded, financialDataUpdated } from './financialDataEvents.ts';
import { incomeCreated, incomeDeleted, incomeUpdated } from './incomeEvents.ts';
import type { Topic } from './topics.ts';
import {
  userDataPurged,
  userDeleted,
  userDeletionRequested,
  userProfileUpdated,
  userRegistered,
} from './userEvents.ts';

/** Keys must equal the definitions' types; a mismatch is a compile error. */
function defineCatalog<C extends { readonly [K in keyof C]: EventDefinition<K & string> }>(
  catalog: C,
): C {
  return Object.freeze(catalog);
}

export const eventCatalog = defineCatalog({
  EXPENSE_CREATED: expenseCreated,
  EXPENSE_UPDATED: expenseUpdated,
  EXPENSE_DELETED: expenseDeleted,
  INCOME_CREATED: incomeCreated,
  INCOME_UPDATED: incomeUpdated,
  INCOME_DELETED: incomeDeleted,
  FINANCIALDATA_UPDATED: financialDataUpdated,
  BUDGET_EXCEEDED: budgetExceeded,
  DASHBOARD_UPDATED: dashboardUpdated,
  USER_REGISTERED: userRegistered,
  USER_PROFILE_UPDATED: userProfileUpdated,
  USER_DELETION_REQUESTED: userDeletionRequested,
  USER_DATA_PURGED: userDataPurged,
  USER_DELETED: userDeleted,
  CHAT_TRANSACTION_REQUESTED: chatTransactionRequested,
  CHAT_TRANSACTION_REJECTED: chatTransactionRejected,
  CHAT_UNDO_REQUESTED: chatUndoRequested,
  CHAT_MESSAGE_ADDED: chatMessageAdded,
});
export type EventCatalog = typeof eventCatalog;

export type EventType = keyof EventCatalog;

export const EVENT_TYPES = Object.keys(eventCatalog) as readonly EventType[];

/** The data of an event type's current version, as consumers receive it (readonly). */
export type EventData<T extends EventType> = DeepReadonly<z.output<EventCatalog[T]['schema']>>;

/** What createEvent accepts as data for a type (before schema defaults and transforms). */
export type EventDataInput<T extends EventType> = DeepReadonly<z.input<EventCatalog[T]['schema']>>;

/** The topic an event type is published on. */
export type TopicOf<T extends EventType> = EventCatalog[T]['topic'];

/** The current dataversion of an event type. */
export type DataVersionOf<T extends EventType> = EventCatalog[T]['version'];

/** The event types published on a topic. */
export type EventTypesOfTopic<Tp extends Topic> = {
  [K in EventType]: TopicOf<K> extends Tp ? K : never;
}[EventType];

/** An event of the given type(s); with no argument, any event: a union discriminated by `type`. */
export type ExpensioEvent<T extends EventType = EventType> = {
  [K in T]: EventEnvelope<K, DataVersionOf<K>, EventData<K>>;
}[T];

/** The union of the events a topic carries. */
export type EventsOfTopic<Tp extends Topic> = ExpensioEvent<EventTypesOfTopic<Tp>>;

/** Topic -> events map for a typed bus: `publish<Tp>(topic: Tp, events: TopicEventMap[Tp][])`. */
export type TopicEventMap = { readonly [Tp in Topic]: EventsOfTopic<Tp> };

export const isEventType = (value: unknown): value is EventType =>
  typeof value === 'string' && Object.hasOwn(eventCatalog, value);

export function getEventDefinition<T extends EventType>(type: T): EventCatalog[T] {
  return eventCatalog[type];
}

export function topicOf<T extends EventType>(type: T): TopicOf<T> {
  return eventCatalog[type].topic;
}

/** The event types published on a topic, in catalog order. */
export function eventTypesOfTopic<Tp extends Topic>(topic: Tp): readonly EventTypesOfTopic<Tp>[] {
  return EVENT_TYPES.filter(
    (type) => eventCatalog[type].topic === topic,
  ) as EventTypesOfTopic<Tp>[];
}
