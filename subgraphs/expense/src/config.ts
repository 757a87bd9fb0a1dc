import { mongoServiceEnv } from '@expensio/kit';
import { z } from 'zod';

/** Port 4002, database `expensio_expense`; the rest as every record subgraph (see mongoServiceEnv). */
export const configSchema = z.object(mongoServiceEnv({ service: 'expense', port: 4002 }));
export type ExpenseConfig = z.output<typeof configSchema>;
