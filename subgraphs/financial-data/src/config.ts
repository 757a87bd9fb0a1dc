import { z } from 'zod';
import { mongoServiceEnv, openAiEnv } from '@expensio/kit';

export const configSchema = z.object({
  /** Port 4004, database `expensio_financial_data`; MongoDB, Kafka and JWKS as every such service. */
  ...mongoServiceEnv({ service: 'financial-data', port: 4004 }),
  /** Month documents written in parallel per consumed batch. */
  FINANCIAL_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Expense/income partitions applied in parallel. */
  FINANCIAL_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
  /** OPENAI_API_KEY / OPENAI_BASE_URL (either turns insightSummary on), OPENAI_MODEL, OPENAI_TIMEOUT_MS. */
  ...openAiEnv,
});
export type FinancialDataConfig = z.output<typeof configSchema>;
