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
