import { z } from 'zod';

/**
 * Configuration is environment variables only, parsed once at start with a zod object schema
 * whose keys are the variable names. A bad value stops the process with one line naming the
 * variable, so a misconfigured deployment fails at once instead of at the first request.
 */

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Thrown by `parseConfig`; `message` is the single line `loadConfig` prints. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The variables that failed, in schema order. */
  readonly variables: readonly string[];

  constructor(message: string, variables: readonly string[]) {
    super(message);
    this.variables = variables;
  }
}

// Values of these variables are never echoed back: they hold keys or passwords.
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASS|CREDENTIAL/i;
const MAX_ECHO = 60;

/** What the error line shows of the bad value: enough to spot a typo, never a secret. */
function describeValue(name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (SECRET_NAME.test(name)) return ' (value hidden)';
  // URLs may carry `user:password@`; keep the shape, drop the credentials.
  const shown = value.replace(/\/\/[^/@\s]*@/g, '//***@');
  const clipped = shown.length > MAX_ECHO ? `${shown.slice(0, MAX_ECHO)}...` : shown;
  return ` (got ${JSON.stringify(clipped)})`;
}

/**
 * Messages written as a predicate of the variable ("PORT must be ..."). Schema pieces below set
 * their own; this covers the built-in zod checks of schemas written inline by a service.
 */
const predicateMessages: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined) return 'is required';
  switch (issue.code) {
    case 'invalid_type':
      return `must be a ${issue.expected}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'must be a URL' : `must be a valid ${issue.format}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    default:
      return undefined;
  }
};

/**
 * Parses `env` with `schema` and returns the typed config; throws `ConfigError` whose message is
 * one line naming each bad variable and nothing else, e.g.
 * `config error: PORT must be a number between 1 and 65535 (got "abc")`.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  env: EnvSource = process.env,
): z.output<S> {
  const result = schema.safeParse(env, { error: predicateMessages });
  if (result.success) return result.data;
  const problems: string[] = [];
  const variables: string[] = [];
  for (const issue of result.error.issues) {
    const name = issue.path.length > 0 ? String(issue.path[0]) : 'environment';
    if (!variables.includes(name)) variables.push(name);
    problems.push(`${name} ${issue.message}${describeValue(name, env[name])}`);
  }
  return throwConfigError(`config error: ${problems.join('; ')}`, variables);
}

function throwConfigError(message: string, variables: readonly string[]): never {
  throw new ConfigError(message, variables);
}

export interface LoadConfigOptions {
  /** Called with the one-line message on a bad config. Default: print it to stderr and exit(1). */
  onError?: (error: ConfigError) => never;
}

function printAndExit(error: ConfigError): never {
  process.stderr.write(`${error.message}\n`);
  return process.exit(1);
}

/**
 * `parseConfig` for a composition root: on a bad config it prints one line to stderr and exits
 * with code 1 (no stack trace: the line says everything an operator needs).
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: EnvSource = process.env,
  options: LoadConfigOptions = {},
): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return (options.onError ?? printAndExit)(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Reusable pieces for the variables every service shares. Each is a function so a service can
// give its own default; the returned schema reads a string and outputs the typed value.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const PORT_MESSAGE = 'must be a number between 1 and 65535';

/** `PORT`: an integer 1..65535. Default: `defaultPort`, or required when none is given. */
function port(defaultPort?: number) {
  const schema = z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : PORT_MESSAGE) })
    .trim()
    .regex(/^\d+$/, PORT_MESSAGE)
    .transform(Number)
    .pipe(z.number().int().min(1, PORT_MESSAGE).max(65535, PORT_MESSAGE));
  return defaultPort === undefined ? schema : schema.default(defaultPort);
}

/** `LOG_LEVEL`: a pino level. Default: `info`. */
function logLevel(defaultLevel: LogLevel = 'info') {
  return z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default(defaultLevel);
}

/** `NODE_ENV`: development | test | production. Default: `development`. */
function nodeEnv(defaultEnv: NodeEnv = 'development') {
  return z.enum(NODE_ENVS, { error: `must be one of ${NODE_ENVS.join(', ')}` }).default(defaultEnv);
}

const BROKER = /^[A-Za-z0-9.-]+:\d{1,5}$/;
const BROKERS_MESSAGE = 'must be a comma-separated list of host:port';

/** `KAFKA_BROKERS`: comma-separated `host:port` list, output as an array. Default: `127.0.0.1:9092`. */
function kafkaBrokers(defaultBrokers = '127.0.0.1:9092') {
  return z
    .string()
    .default(defaultBrokers)
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter((broker) => broker.length > 0),
    )
    .refine(
      (brokers) => brokers.length > 0 && brokers.every((broker) => BROKER.test(broker)),
      BROKERS_MESSAGE,
    );
}

/** True when `value` parses as a URL whose scheme is one of `protocols` (e.g. `postgres:`). */
function isUrlWithProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.host.length > 0;
  } catch {
    return false;
  }
}

export interface UrlVarOptions {
  /** Accepted schemes with their colon, e.g. `['https:']`. Default: any scheme. */
  protocols?: readonly string[];
  /** Value when the variable is unset. Default: none (the variable is required). */
  default?: string;
}

/** Any URL variable (`OPENAI_BASE_URL`, `SMTP_URL`, ...), validated by the WHATWG URL parser. */
function url(options: UrlVarOptions = {}) {
  const { protocols } = options;
  const message =
    protocols === undefined
      ? 'must be a URL'
      : `must be a ${protocols.map((protocol) => `${protocol}//`).join(' or ')} URL`;
  const schema = z.string().refine((value) => {
    if (protocols === undefined) return URL.canParse(value);
    return isUrlWithProtocol(value, protocols);
  }, message);
  return options.default === undefined ? schema : schema.default(options.default);
}

/**
 * `MONGODB_URI`: a `mongodb://` or `mongodb+srv://` URL. Default: `mongodb://127.0.0.1:27017`.
 * A replica-set URI lists several hosts (`mongodb://a:27017,b:27017/db`), which the WHATWG parser
 * rejects, so the host list is checked on its own and the rest parsed with only the first host.
 */
function mongodbUri(defaultUri = 'mongodb://127.0.0.1:27017') {
  return z
    .string()
    .default(defaultUri)
    .refine((value) => {
      const match = /^(mongodb(?:\+srv)?:\/\/)(?:[^@/]*@)?([^/?#]+)(.*)$/.exec(value);
      if (match === null) return false;
      const [, scheme = '', hosts = '', rest = ''] = match;
      const firstHost = hosts.split(',')[0] ?? '';
      return isUrlWithProtocol(`${scheme}${firstHost}${rest}`, ['mongodb:', 'mongodb+srv:']);
    }, 'must be a mongodb:// or mongodb+srv:// URL');
}

/** `DATABASE_URL`: a `postgres://` or `postgresql://` URL. Default: `defaultUrl`, or required. */
function databaseUrl(defaultUrl?: string) {
  return url({
    protocols: ['postgres:', 'postgresql:'],
    ...(defaultUrl === undefined ? {} : { default: defaultUrl }),
  });
}

/** `SERVICE_NAME`: lower-case words joined by `-` (it names logs, consumer groups, sources). */
function serviceName(defaultName?: string) {
  const schema = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and -');
  return defaultName === undefined ? schema : schema.default(defaultName);
}

/** Schema pieces for shared variables; use them as values of a `z.object({...})`. */
export const envVar = {
  port,
  logLevel,
  nodeEnv,
  kafkaBrokers,
  mongodbUri,
  databaseUrl,
  serviceName,
  url,
};

/**
 * The variables every service reads (`SERVICE_NAME`, `PORT`, `LOG_LEVEL`, `NODE_ENV`) with the
 * service's own defaults; spread it into a service's schema: `z.object({ ...baseEnv(...), ... })`.
 */
export function baseEnv(defaults: { service: string; port: number }) {
  return {
    SERVICE_NAME: serviceName(defaults.service),
    PORT: port(defaults.port),
    LOG_LEVEL: logLevel(),
    NODE_ENV: nodeEnv(),
  };
}
