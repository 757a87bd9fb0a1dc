// The gateway's composition root: config, log, token verifier, supergraph, HTTP and WebSocket on one port.
import { baseEnv, createLifecycle, createLogger, createTokenVerifier, envVar, loadConfig } from '@expensio/kit';
import { z } from 'zod';
import { createGatewayServer } from './createGatewayServer.ts';
import { localSubgraphs } from './subgraphs.ts';

const config = loadConfig(
  z.object({
    ...baseEnv({ service: 'gateway', port: 4000 }),
    /** The user subgraph's public keys. */
    JWKS_URL: envVar.url({ default: 'http://127.0.0.1:4001/.well-known/jwks.json' }),
    GATEWAY_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
    GATEWAY_MAX_ALIASES: z.coerce.number().int().min(0).default(30),
    GATEWAY_MAX_COST: z.coerce.number().int().min(1).default(5_000),
    GATEWAY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** Events of one subscription waiting for a slow client before the oldest is dropped. */
    GATEWAY_SUBSCRIPTION_QUEUE_SIZE: z.coerce.number().int().min(1).default(16),
    GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(50),
  }),
);
const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
const lifecycle = createLifecycle({ log });
lifecycle.installSignalHandlers();

const subgraphs = localSubgraphs();
const server = await createGatewayServer({
  subgraphs,
  verifier: createTokenVerifier({ jwksUrl: config.JWKS_URL }),
  log,
  nodeEnv: config.NODE_ENV,
  limits: { maxDepth: config.GATEWAY_MAX_DEPTH, maxAliases: config.GATEWAY_MAX_ALIASES, maxCost: config.GATEWAY_MAX_COST },
  requestsPerMinute: config.GATEWAY_REQUESTS_PER_MINUTE,
  subscriptionQueueSize: config.GATEWAY_SUBSCRIPTION_QUEUE_SIZE,
  maxSubscriptionsPerConnection: config.GATEWAY_MAX_SUBSCRIPTIONS_PER_CONNECTION,
});
// Closes WebSocket subscriptions (1001) first, then drains HTTP.
lifecycle.addShutdownStep({ name: 'http', run: () => server.close() });
const { url } = await server.listen(config.PORT);
lifecycle.markRunning();
log.info({ url, subgraphs: subgraphs.map((s) => `${s.name} ${s.url}`) }, 'gateway ready; Apollo Sandbox at this URL in a browser');
