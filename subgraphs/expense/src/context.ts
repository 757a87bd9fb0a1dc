import type { CategoryStore, UserDirectory, UserScopedContext } from '@expensio/kit';
import type { ExpenseImporter } from './domain/expenseCsv.ts';
import type { ExpenseService } from './domain/expenseService.ts';

/** Built once at start (main.ts or a test) and handed to every resolver. */
export interface ExpenseDeps {
  expenses: ExpenseService;
  categories: CategoryStore;
  directory: UserDirectory;
  importer: ExpenseImporter;
}

/** The deps and the caller (from a verified access token; undefined when there is none or it is invalid). */
export type ExpenseContext = UserScopedContext<ExpenseDeps>;
