// The public surface of @expensio/kit; anything not exported here is private to the kit.
export {
  ConfigError,
  LOG_LEVELS,
  NODE_ENVS,
  baseEnv,
  envVar,
  loadConfig,
  parseConfig,
} from './config.ts';
export type { EnvSource, LoadConfigOptions, LogLevel, NodeEnv, UrlVarOptions } from './config.ts';

export { REDACTED, SECRET_KEYS, createLogger, redact } from './logger.ts';
export type { CreateLoggerOptions, Logger } from './logger.ts';

export {
  DomainError,
  ERROR_CODES,
  HTTP_STATUS_BY_CODE,
  INTERNAL_ERROR_MESSAGE,
  badInput,
  conflict,
  createFormatError,
  forbidden,
  httpStatusOf,
  isDomainError,
  isErrorCode,
  isMasked,
  notFound,
  otpLocked,
  otpRateLimited,
  payloadTooLarge,
  rateLimited,
  serviceUnavailable,
  summaryUnavailable,
  toGraphQLError,
  unauthenticated,
  versionConflict,
} from './errors.ts';
export type { DomainErrorOptions, ErrorCode, FormatError } from './errors.ts';

export { createOpenAiClient, openAiCallOptions, openAiConfigOf, openAiEnv, openAiFailureOf } from './openai.ts';
export type { OpenAiConfig, OpenAiEnv } from './openai.ts';

export { createLruCache } from './lruCache.ts';
export type { LruCache } from './lruCache.ts';
export { createSharedResults } from './sharedResults.ts';
export type { SharedResults, SharedResultsOptions } from './sharedResults.ts';
export { eachLimited } from './eachLimited.ts';
export { fromStoredJson, toStoredJson } from './storedJson.ts';

export { createTokenVerifier, requireUser } from './auth.ts';
export type { AuthenticatedUser, TokenVerifier, TokenVerifierOptions, VerifiedToken } from './auth.ts';

export { createLifecycle } from './lifecycle.ts';
export type {
  InstallSignalHandlersOptions,
  Lifecycle,
  LifecycleOptions,
  LifecycleState,
  ShutdownOptions,
  ShutdownReport,
  ShutdownStep,
  SignalTarget,
  StepOutcome,
  StepStatus,
} from './lifecycle.ts';

export { createSubgraphServer } from './server.ts';
export { serveGraphQL, type GraphQLPostOptions, type Refusal } from './graphqlPost.ts';
export type {
  GraphQLResolverMap,
  ReadinessCheck,
  SubgraphServer,
  SubgraphServerOptions,
} from './server.ts';

export { isIsoCurrency, parseCurrency, parseMoneyInput, toMoney } from './money.ts';
export type { MoneyOutput, MoneyValue } from './money.ts';

export { decodeCursor, encodeCursor, pageSize } from './pagination.ts';

export { createDeletionParticipant, createUserDirectory } from './userDirectory.ts';
export type { UserDirectory, UserProfile } from './userDirectory.ts';

export { DateTimeScalar, enumOf } from './graphqlScalars.ts';

export { CsvError, parseCsv, toCsvText } from './csv.ts';

export { monthOf, offsetMinutes, zonedParts, zonedTimeToUtc } from './time.ts';

export { afterCursor, cursorOf, dateOrder, numberOrder, paginate, recordOrders, sortOf } from './keysetPagination.ts';
export type { Connection, OrderSpec, RecordOrder } from './keysetPagination.ts';

export { recordFilter } from './recordFilter.ts';
export type { RecordFilterInput, RecordFilterOptions } from './recordFilter.ts';

export { codeFromName, createCategoryStore, normalizeLabel } from './categoryStore.ts';
export type { Category, CategoryInfo, CategoryStore, CategoryStoreOptions, NewCategoryInput } from './categoryStore.ts';

export { createRecordStore, snapshotEvents } from './recordStore.ts';
export type {
  DomainFields,
  ListArgs,
  NewRecordInput,
  Provenance,
  RecordDoc,
  RecordEvents,
  RecordRules,
  RecordStore,
  RecordStoreOptions,
} from './recordStore.ts';

export { createCsvImporter, RECORD_HEADERS, recordRowInput } from './csvImporter.ts';
export type { ColumnMapping, CsvImporter, CsvImporterOptions, CsvRow, ImportReport, ImportRowError, RecordField } from './csvImporter.ts';

export { exportFile, recordExportShape } from './exportFile.ts';
export type { ExportFile, ExportFormat, ExportShape } from './exportFile.ts';

export { recordResolvers } from './recordResolvers.ts';
export type { RecordResolversOptions } from './recordResolvers.ts';

export { createRecordRuntime, createUserScopedServer, runRecordSubgraph, startRecordSubgraph } from './recordSubgraph.ts';
export type {
  RecordRuntime,
  RecordSubgraphConfig,
  RecordSubgraphModule,
  RecordSubgraphParts,
  ScopedServerOptions,
  UserScopedContext,
} from './recordSubgraph.ts';

export { createRecordRules, EARLIEST_DATE, fieldRules, parseRecordDate, RECORD_LIMITS, validateFieldChanges, validateFields } from './recordRules.ts';
export type { FieldRule, FieldRules, RuleContext } from './recordRules.ts';

export * from './figures/index.ts';

export { createMoneyRecordStore } from './moneyRecordStore.ts';
export type { MoneyRecordDeps, MoneyRecordDoc, MoneyRecordDomain } from './moneyRecordStore.ts';

export { createChatCommandConsumer, createChatCommandHandler } from './chatCommands.ts';
export type { ChatCommandTarget, ChatRecord } from './chatCommands.ts';

export { createLiveSubgraphServer, runLiveSubgraph } from './liveSubgraph.ts';
export type { LiveContext, LiveParts, LiveSubgraphServer } from './liveSubgraph.ts';
export { createUserEventsConsumer } from './userDirectory.ts';
export { createBatchLoader } from './batchLoader.ts';
export { connectKafka, connectMongo, mongoServiceEnv, type MongoServiceConfig } from './connections.ts';
export { createUserFanOut, type UserFanOut } from './userFanOut.ts';
