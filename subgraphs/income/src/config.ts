import { mongoServiceEnv } from '@expensio/kit';
import { z } from 'zod';

/** Port 4003, database `expensio_income`; the rest as every record subgraph (see mongoServiceEnv). */
export const configSchema = z.object(mongoServiceEnv({ service: 'income', port: 4003 }));
export type IncomeConfig = z.output<typeof configSchema>;
