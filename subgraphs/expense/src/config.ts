import { recordSubgraphEnv } from '@expensio/kit';
import { z } from 'zod';

/** Port 4002, database `expensio_expense`; the rest as every record subgraph (see recordSubgraphEnv). */
export const configSchema = z.object(recordSubgraphEnv({ service: 'expense', port: 4002 }));
export type ExpenseConfig = z.output<typeof configSchema>;
