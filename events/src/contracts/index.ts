// Public surface of the event contracts; src/index.ts re-exports it.
export {
  EXPENSE_CATEGORY_CODES,
  INCOME_CATEGORY_CODES,
  COGNITIVE_TRIGGERS,
  MOODS,
  EXPENSE_TYPES,
  PAYMENT_METHODS,
  INCOME_TYPES,
  SERVICE_NAMES,
} from './vocabulary.ts';
export type {
  ExpenseCategoryCode,
  IncomeCategoryCode,
  CognitiveTrigger,
  Mood,
  ExpenseType,
  PaymentMethod,
  IncomeType,
  ServiceName,
} from './vocabulary.ts';

export {
  CURRENCY_CODE_PATTERN,
  MINOR_UNIT_EXPONENTS,
  DEFAULT_MINOR_UNIT_EXPONENT,
  isCurrencyCode,
  minorUnitExponent,
  decimalToMinorUnits,
  majorFloatToMinorUnits,
  minorUnitsToDecimal,
} from './currency.ts';
export type { CurrencyCode } from './currency.ts';

export {
  currencyCodeSchema,
  moneySchema,
  nonNegativeMoneySchema,
  amountsByCurrencySchema,
  monthSchema,
  isoDateTimeSchema,
  timeZoneSchema,
  isTimeZone,
  entityIdSchema,
  entityVersionSchema,
  categoryCodeSchema,
  countSchema,
} from './primitives.ts';
export type { Money, AmountsByCurrency, Month, IsoDateTime, TimeZone } from './primitives.ts';

export { TOPICS, ALL_TOPICS, ALL_DLQ_TOPICS, dlqTopic, isTopic } from './topics.ts';
export type { Topic, DlqTopic } from './topics.ts';

export { SPEC_VERSION, DATA_CONTENT_TYPE, envelopeSchema } from './envelope.ts';
export type { EventEnvelope, DeepReadonly } from './envelope.ts';

export { defineEventType, defineUpcaster } from './defineEventType.ts';
export type { EventDefinition, EventDataSchema, LegacyVersion } from './defineEventType.ts';

export {
  expenseSnapshotSchema,
  EXPENSE_CHANGEABLE_FIELDS,
  expenseCreatedDataV1,
  expenseCreatedDataV2,
} from './expenseEvents.ts';
export type { ExpenseSnapshot, ExpenseChangeableField } from './expenseEvents.ts';
export { incomeSnapshotSchema, INCOME_CHANGEABLE_FIELDS } from './incomeEvents.ts';
export type { IncomeSnapshot, IncomeChangeableField } from './incomeEvents.ts';
export {
  monthlyFiguresSchema,
  monthlyFiguresV1Schema,
  financialDataUpdatedDataV1,
  financialDataUpdatedDataV2,
  budgetExceededDataV1,
  FINANCIAL_DATA_SOURCE_EVENT_TYPES,
} from './financialDataEvents.ts';
export type { MonthlyFigures } from './financialDataEvents.ts';

export {
  CHAT_TRANSACTION_KINDS,
  chatTransactionRecordSchema,
  chatTransactionRequestedDataV1,
  chatTransactionRejectedDataV1,
  chatUndoRequestedDataV1,
  chatMessageAddedDataV1,
} from './chatEvents.ts';

export {
  eventCatalog,
  EVENT_TYPES,
  isEventType,
  getEventDefinition,
  topicOf,
  eventTypesOfTopic,
} from './catalog.ts';
export type {
  EventCatalog,
  EventType,
  EventData,
  EventDataInput,
  TopicOf,
  DataVersionOf,
  EventTypesOfTopic,
  ExpensioEvent,
  EventsOfTopic,
  TopicEventMap,
} from './catalog.ts';

export {
  EventValidationError,
  EVENT_VALIDATION_ERROR_CODES,
  isEventValidationError,
} from './EventValidationError.ts';
export type { EventValidationErrorCode, EventValidationIssue } from './EventValidationError.ts';

export { createEvent, causedBy, sourceOf } from './createEvent.ts';
export type { CreateEventOptions } from './createEvent.ts';
export { parseEvent, safeParseEvent } from './parseEvent.ts';
export type { ParseResult, ParseEventOptions } from './parseEvent.ts';
export {
  encodeEvent,
  decodeMessage,
  CE_HEADERS,
  CONTENT_TYPE_HEADER,
  STRUCTURED_CONTENT_TYPE,
} from './kafkaCodec.ts';
export type { EncodedMessage, IncomingMessage } from './kafkaCodec.ts';
