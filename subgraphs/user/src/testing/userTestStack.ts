// Shared by the user subgraph's integration tests: one PostgreSQL database and one Kafka namespace
// per test file, servers started on port 0 and driven over real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createPgOutboxRelay, decodeMessage, readTopic, TOPICS } from '@expensio/events';
import type { EventsOfTopic, OutboxRelay } from '@expensio/events';
import { createLogger, parseConfig } from '@expensio/kit';
import { createKafkaTestNamespace, createTestDatabase } from '@expensio/testing';
import type { KafkaTestNamespace } from '@expensio/testing';
import { userEnvSchema } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import type { Database } from '../db/database.ts';
import { createDevMailbox, readMailbox } from '../mail/devMailbox.ts';
import type { Mailer } from '../mail/mailer.ts';
import { createUserServer, settingsFromConfig } from '../server.ts';
import type { UserServer, UserSettings } from '../server.ts';
import { loadSecrets } from '../tokens/secrets.ts';
import type { Secrets } from '../tokens/secrets.ts';

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
}

/** A clock that stands still until the test moves it. */
export function createTestClock(start = new Date('2030-01-15T10:00:00.000Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms: number) => {
      current += ms;
    },
  };
}

let nextAddress = 1;
/** A client address of its own (sent as X-Forwarded-For from loopback, which the server trusts). */
export function newClientAddress(): string {
  const n = nextAddress++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export interface TestServer {
  server: UserServer;
  url: string;
  base: string;
  /** Log lines the server wrote, parsed. */
  logLines: Record<string, unknown>[];
  /** Raw log output, to check that no secret was written. */
  logText(): string;
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; clientAddress?: string },
  ): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

export interface UserTestStack {
  database: Database;
  ns: KafkaTestNamespace;
  relay: OutboxRelay;
  secrets: Secrets;
  mailboxDir: string;
  /** Settings from the default config, with `overrides` applied. */
  settings(overrides?: Partial<UserSettings>): UserSettings;
  startServer(options?: {
    now?: () => Date;
    settings?: Partial<UserSettings>;
    mailer?: Mailer;
  }): Promise<TestServer>;
  /** The messages sent to `email`, oldest first. */
  mails(email: string): Promise<string[]>;
  /** The code in the latest message to `email`. */
  latestCode(email: string): Promise<string>;
  /** The user topic's events so far (after publishing what the outbox holds). */
  userEvents(): Promise<EventsOfTopic<typeof TOPICS.user>[]>;
  close(): Promise<void>;
}

export async function createUserTestStack(name: string): Promise<UserTestStack> {
  const testDb = await createTestDatabase(`user_${name}`);
  const database = createDatabase({ url: testDb.url, maxConnections: 5 });
  await database.migrate();
  const ns = await createKafkaTestNamespace({ partitions: 1 });
  const relay = createPgOutboxRelay({
    db: database.db,
    producer: ns.producer,
    pollIntervalMs: 200,
  });
  relay.start();
  const stateDir = await mkdtemp(join(tmpdir(), `expensio-user-${name}-`));
  const mailboxDir = join(stateDir, 'mailbox');
  const secrets = await loadSecrets({ keysDir: join(stateDir, 'keys'), nodeEnv: 'test' });
  const defaults = settingsFromConfig(parseConfig(userEnvSchema, {}));
  const servers: TestServer[] = [];

  const stack: UserTestStack = {
    database,
    ns,
    relay,
    secrets,
    mailboxDir,
    settings: (overrides = {}) => ({ ...defaults, ...overrides }),

    async startServer(options = {}) {
      const chunks: string[] = [];
      const log = createLogger({
        service: 'user',
        level: 'debug',
        destination: new Writable({
          write(chunk: Buffer, _encoding, callback) {
            chunks.push(chunk.toString());
            callback();
          },
        }),
      });
      const server = await createUserServer({
        db: database.db,
        log,
        mailer:
          options.mailer ??
          createDevMailbox({ dir: mailboxDir, from: 'Expensio <test@expensio.local>', log }),
        secrets,
        settings: stack.settings(options.settings),
        nudgeOutbox: () => relay.nudge(),
        ...(options.now === undefined ? {} : { now: options.now }),
        nodeEnv: 'test',
      });
      const { url } = await server.listen(0, '127.0.0.1');
      const testServer: TestServer = {
        server,
        url,
        base: url.replace(/\/graphql$/, ''),
        get logLines() {
          return chunks
            .join('')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as Record<string, unknown>);
        },
        logText: () => chunks.join(''),
        async gql(query, variables = {}, { token, clientAddress } = {}) {
          const response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              // A new address per call unless the test names one, so the per-address throttles
              // only bite where a test means them to.
              'x-forwarded-for': clientAddress ?? newClientAddress(),
              ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            },
            body: JSON.stringify({ query, variables }),
          });
          return (await response.json()) as GraphQLResult<never>;
        },
        close: () => server.close(),
      };
      servers.push(testServer);
      return testServer;
    },

    mails: (email) => readMailbox(mailboxDir, email),

    async latestCode(email) {
      const mails = await readMailbox(mailboxDir, email);
      const code = /code is (\d{6})/.exec(mails.at(-1) ?? '')?.[1];
      if (code === undefined) throw new Error(`no code in the mailbox of ${email}`);
      return code;
    },

    async userEvents() {
      await relay.flush();
      const topic = `${ns.topicPrefix}${TOPICS.user}`;
      const messages = await readTopic(ns.kafka, topic);
      return messages.flatMap(({ message }) => {
        const decoded = decodeMessage(message, { topic: TOPICS.user });
        return decoded.ok ? [decoded.event as EventsOfTopic<typeof TOPICS.user>] : [];
      });
    },

    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await relay.stop();
      await ns.cleanup();
      await database.close();
      await testDb.drop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Every field of User, for selections. */
export const USER_FIELDS = 'id email firstName lastName username baseCurrency timeZone';

export const REQUEST_OTP = /* GraphQL */ `
  mutation ($email: String!) {
    requestOtp(email: $email) {
      sent
      expiresAt
      message
    }
  }
`;

export const VERIFY_OTP = /* GraphQL */ `
  mutation ($email: String!, $code: String!, $profile: NewUserProfileInput) {
    verifyOtp(email: $email, code: $code, profile: $profile) {
      accessToken
      refreshToken
      expiresAt
      isNewUser
      user { ${USER_FIELDS} }
    }
  }
`;

export interface AuthPayloadResult {
  verifyOtp: {
    accessToken: string;
    refreshToken: string;
    expiresAt: string;
    isNewUser: boolean;
    user: {
      id: string;
      email: string;
      firstName: string;
      lastName: string | null;
      username: string;
      baseCurrency: string;
      timeZone: string;
    };
  };
}

let userCounter = 0;
/** A fresh email and username for one test. */
export function newIdentity(prefix = 'user') {
  userCounter += 1;
  const tag = `${prefix}${userCounter}${Math.random().toString(36).slice(2, 7)}`;
  return { email: `${tag}@example.com`, username: tag.toLowerCase() };
}

/** Requests a code and signs up with it; returns the auth payload. */
export async function signUp(stack: UserTestStack, server: TestServer, identity = newIdentity()) {
  await server.gql(REQUEST_OTP, { email: identity.email });
  const code = await stack.latestCode(identity.email);
  const result = await server.gql<AuthPayloadResult>(VERIFY_OTP, {
    email: identity.email,
    code,
    profile: { firstName: 'Test', username: identity.username },
  });
  if (!result.data) throw new Error(`sign-up failed: ${JSON.stringify(result.errors)}`);
  return { ...result.data.verifyOtp, identity };
}
