import { z } from 'zod';
import { baseEnv, envVar, openAiEnv } from '@expensio/kit';

export const configSchema = z.object({
  ...baseEnv({ service: 'financial-data', port: 4004 }),
  MONGODB_URI: envVar.mongodbUri(),
  /** The database of this subgraph on that server. */
  MONGODB_DB: z.string().min(1).default('expensio_financial_data'),
  KAFKA_BROKERS: envVar.kafkaBrokers(),
  /** Namespace for topic names (tests, benchmarks); empty in production. */
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** Where the user subgraph publishes its token keys. */
  JWKS_URL: envVar.url({ default: 'http://127.0.0.1:4001/.well-known/jwks.json' }),
  /** Month documents written in parallel per consumed batch. */
  FINANCIAL_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Expense/income partitions applied in parallel. */
  FINANCIAL_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  /** OPENAI_API_KEY / OPENAI_BASE_URL (either turns insightSummary on), OPENAI_MODEL, OPENAI_TIMEOUT_MS. */
  ...openAiEnv,
});
export type FinancialDataConfig = z.output<typeof configSchema>;
