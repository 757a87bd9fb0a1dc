import { readFile } from 'node:fs/promises';
import { createSubgraphServer, createTokenVerifier } from '@expensio/kit';
import type { Lifecycle, Logger, SubgraphServer } from '@expensio/kit';
import type { UserConfig } from './config.ts';
import type { Db } from './db/database.ts';
import { createDeletionSaga } from './deletion/deletionSaga.ts';
import type { DeletionSaga, DeletionSagaPolicy } from './deletion/deletionSaga.ts';
import { createEmailCodeSender } from './mail/codeSender.ts';
import type { Mailer } from './mail/mailer.ts';
import { otpPolicyFromConfig } from './otp/otpPolicy.ts';
import type { OtpPolicy } from './otp/otpPolicy.ts';
import { createOtpStore } from './otp/otpStore.ts';
import { createRateLimitTransformer } from './rateLimits.ts';
import { createResolvers } from './resolvers/index.ts';
import type { UserContext, UserServices } from './resolvers/index.ts';
import { createSignIn } from './signIn/signIn.ts';
import { createAccessTokenIssuer } from './tokens/accessTokens.ts';
import { createRefreshTokenStore } from './tokens/refreshTokens.ts';
import type { Secrets } from './tokens/secrets.ts';

/** The consumer group of the saga's USER_DATA_PURGED consumer (`<service>.<purpose>`). */
export const DELETION_CONSUMER_GROUP = 'user.deletion-saga';

/** The settings of the domain, read from config once (see `settingsFromConfig`). */
export interface UserSettings {
  issuer: string;
  audience: string;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  otp: OtpPolicy;
  deletion: DeletionSagaPolicy;
  /** express `trust proxy` (whose X-Forwarded-For to believe). */
  trustProxy: string;
}

export function settingsFromConfig(config: UserConfig): UserSettings {
  return {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTokenTtlMs: config.ACCESS_TOKEN_TTL_SECONDS * 1000,
    refreshTokenTtlMs: config.REFRESH_TOKEN_TTL_SECONDS * 1000,
    otp: otpPolicyFromConfig(config),
    deletion: {
      participants: config.DELETION_PARTICIPANTS,
      resendAfterMs: config.DELETION_RESEND_AFTER_SECONDS * 1000,
      maxAttempts: config.DELETION_MAX_ATTEMPTS,
    },
    trustProxy: config.TRUST_PROXY,
  };
}

export interface UserServerOptions {
  db: Db;
  log: Logger;
  mailer: Mailer;
  secrets: Secrets;
  settings: UserSettings;
  /** Asks the outbox relay to publish now (after a commit that wrote events). Default: no-op. */
  nudgeOutbox?: () => void;
  /** The clock of every rule (code expiry, windows, tokens). Default: the system clock. */
  now?: () => Date;
  lifecycle?: Lifecycle;
  nodeEnv?: string;
}

export interface UserServer extends SubgraphServer<UserContext> {
  services: UserServices;
  deletion: DeletionSaga;
}

const typeDefsFile = new URL('../schema.graphql', import.meta.url);

/** Builds the user subgraph without listening (main.ts listens; tests `listen(0)`). */
export async function createUserServer(options: UserServerOptions): Promise<UserServer> {
  const { db, log, mailer, secrets, settings } = options;
  const now = options.now ?? (() => new Date());
  const nudgeOutbox = options.nudgeOutbox ?? (() => {});

  const accessTokens = createAccessTokenIssuer({
    key: secrets.signingKey,
    issuer: settings.issuer,
    audience: settings.audience,
    ttlMs: settings.accessTokenTtlMs,
    now,
  });
  const refreshTokens = createRefreshTokenStore({ db, ttlMs: settings.refreshTokenTtlMs, now });
  const deletion = createDeletionSaga({
    db,
    policy: settings.deletion,
    revokeSessions: (tx, userId) => refreshTokens.revokeAllOfUser(tx, userId),
    now,
    consumerGroup: DELETION_CONSUMER_GROUP,
  });
  const signIn = createSignIn({
    db,
    otp: createOtpStore({ db, policy: settings.otp, secret: secrets.otpSecret, now }),
    sender: createEmailCodeSender(mailer),
    accessTokens,
    refreshTokens,
    isDeletionPending: (tx, userId) => deletion.isPending(tx, userId),
    nudgeOutbox,
    now,
    log,
  });
  const verifier = createTokenVerifier({
    jwks: accessTokens.jwks(),
    issuer: settings.issuer,
    audience: settings.audience,
    now,
  });
  const services: UserServices = {
    db,
    signIn,
    deletion: {
      ...deletion,
      // deleteAccount writes USER_DELETION_REQUESTED: publish it without waiting for the poll.
      request: async (userId) => {
        const view = await deletion.request(userId);
        nudgeOutbox();
        return view;
      },
    },
    now,
    nudgeOutbox,
  };

  const server = await createSubgraphServer<UserContext>({
    typeDefs: await readFile(typeDefsFile, 'utf8'),
    resolvers: createResolvers(services),
    transformSchema: createRateLimitTransformer(),
    routes: (app) => {
      app.get('/.well-known/jwks.json', (_req, res) => {
        res.set('cache-control', 'public, max-age=300').json(accessTokens.jwks());
      });
    },
    log,
    ...(options.lifecycle === undefined ? {} : { lifecycle: options.lifecycle }),
    ...(options.nodeEnv === undefined ? {} : { nodeEnv: options.nodeEnv }),
    context: async ({ req }) => ({
      user: await verifier.fromAuthorizationHeader(req.headers.authorization),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    }),
  });
  server.app.set('trust proxy', settings.trustProxy);
  server.addReadinessCheck({
    name: 'postgres',
    check: async () => void (await db.execute('select 1')),
  });
  return Object.assign(server, { services, deletion: services.deletion });
}
