import { z } from 'zod';
import { baseEnv, envVar } from '@expensio/kit';

export const configSchema = z.object({
  ...baseEnv({ service: 'expense', port: 4002 }),
  MONGODB_URI: envVar.mongodbUri(),
  /** The database of this subgraph on that server. */
  MONGODB_DB: z.string().min(1).default('expensio_expense'),
  KAFKA_BROKERS: envVar.kafkaBrokers(),
  /** Namespace for topic names (tests, benchmarks); empty in production. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** Where the user subgraph publishes its token keys. */
  JWKS_URL: envVar.url({ default: 'http://127.0.0.1:4001/.well-known/jwks.json' }),
});
export type ExpenseConfig = z.output<typeof configSchema>;
