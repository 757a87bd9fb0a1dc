import type { CategoryStore, UserDirectory, UserScopedContext } from '@expensio/kit';
import type { IncomeImporter } from './domain/incomeCsv.ts';
import type { IncomeService } from './domain/incomeService.ts';

/** Built once at start (main.ts or a test) and handed to every resolver. */
export interface IncomeDeps {
  incomes: IncomeService;
  categories: CategoryStore;
  directory: UserDirectory;
  importer: IncomeImporter;
}

/** The deps and the caller (from a verified access token; undefined when there is none or it is invalid). */
export type IncomeContext = UserScopedContext<IncomeDeps>;
