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
  toGraphQLError,
  unauthenticated,
  versionConflict,
} from './errors.ts';
export type { DomainErrorOptions, ErrorCode, FormatError } from './errors.ts';

export { createTokenVerifier, requireUser } from './auth.ts';
export type { AuthenticatedUser, TokenVerifier, TokenVerifierOptions } from './auth.ts';

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
