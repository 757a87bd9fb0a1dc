import type { AuthenticatedUser } from '@expensio/kit';
import type { FinancialService } from './domain/financialService.ts';

/** Built once at start (main.ts or a test) and handed to every resolver. */
export interface FinancialDataDeps {
  financial: FinancialService;
}

export interface FinancialDataContext extends FinancialDataDeps {
  /** The caller, from a verified access token; undefined when there is none or it is invalid. */
  user: AuthenticatedUser | undefined;
}
