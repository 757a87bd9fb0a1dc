// A money record store (expenses, incomes) declared by its domain alone: the fields and their
// rules, the events and their snapshot, the date field, what search looks in and which code lists
// filter. Everything else (validation context, outbox, idempotency, versions, filter, orders,
// pagination) is the kit's.
import type { EventType, OutboxRelay, ServiceName } from '@expensio/events';
import type { Collection, Filter } from 'mongodb';
import type { CategoryStore } from './categoryStore.ts';
import { recordOrders, type RecordOrder } from './keysetPagination.ts';
import { recordFilter, type RecordFilterInput } from './recordFilter.ts';
import { createRecordRules, type FieldRules } from './recordRules.ts';
import { createRecordStore, snapshotEvents, type DomainFields, type NewRecordInput, type RecordDoc } from './recordStore.ts';
import type { UserDirectory } from './userDirectory.ts';

/** What a money record stores besides the mechanics and its own fields. */
export interface MoneyRecordDoc extends RecordDoc {
  title: string;
  amount: { minor: number; currency: string };
  categoryCode: string;
  /** The user's zone when recorded: it decides the month the record counts in. */
  timeZone: string;
  createdAt: Date;
}

export interface MoneyRecordDomain<Doc extends MoneyRecordDoc, Snapshot extends object, FilterInput, N extends string> {
  /** The GraphQL type, named in errors: `Income`. */
  entity: string;
  service: ServiceName;
  /** A rule per field, in the order they are checked. */
  rules: FieldRules<Omit<DomainFields<Doc>, 'timeZone'>>;
  /** Fields an update cannot clear. */
  required: readonly (keyof DomainFields<Doc>)[];
  events: {
    types: { created: EventType; updated: EventType; deleted: EventType };
    idField: string;
    snapshot: (doc: Doc) => Snapshot;
    changeableFields: readonly (keyof Snapshot & string)[];
  };
  /** The record's date (`receivedAt`) and its name in the orders (`RECEIVED_AT`). */
  date: { field: string & keyof Doc; order: N };
  /** Fields `filter.search` looks in. */
  searchFields: readonly string[];
  /** Filter lists of the domain's codes and the stored field each matches. */
  anyOf?: Partial<Record<keyof FilterInput, string>>;
}

export interface MoneyRecordDeps<Doc extends MoneyRecordDoc> {
  collection: Collection<Doc>;
  categories: Pick<CategoryStore, 'activeCodes'>;
  directory: UserDirectory;
  relay: OutboxRelay;
  now?: () => Date;
}

export function createMoneyRecordStore<
  Doc extends MoneyRecordDoc,
  NewInput extends NewRecordInput & object,
  ChangeInput extends object,
  FilterInput extends RecordFilterInput,
  N extends string,
  Snapshot extends object,
>({ collection, categories, directory, relay, now = () => new Date() }: MoneyRecordDeps<Doc>, domain: MoneyRecordDomain<Doc, Snapshot, FilterInput, N>) {
  return createRecordStore<Doc, NewInput, ChangeInput, FilterInput, RecordOrder<N>>({
    collection,
    entity: domain.entity,
    service: domain.service,
    relay,
    now,
    rules: createRecordRules<Doc, NewInput, ChangeInput>({ directory, categories, rules: domain.rules, required: domain.required, now }),
    events: snapshotEvents(domain.events),
    filter: async (userId, input) =>
      recordFilter(userId, input, {
        dateField: domain.date.field,
        baseCurrency: (await directory.get(userId)).baseCurrency,
        searchFields: domain.searchFields,
        ...(domain.anyOf ? { anyOf: domain.anyOf } : {}),
      }) as Filter<Doc>,
    orders: recordOrders<Doc, N>(domain.date.order, domain.date.field),
    defaultOrder: `${domain.date.order}_DESC`,
    exportOrder: `${domain.date.order}_ASC`,
  });
}
