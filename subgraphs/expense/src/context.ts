import type { AuthenticatedUser, UserDirectory } from '@expensio/kit';
import type { Categories } from './domain/categories.ts';
import type { ExpenseService } from './domain/expenseService.ts';
import type { ExpenseImporter } from './domain/expenseCsv.ts';

/** Built once at start (main.ts or a test) and handed to every resolver. */
export interface ExpenseDeps {
  expenses: ExpenseService;
  categories: Categories;
  directory: UserDirectory;
  importer: ExpenseImporter;
}

export interface ExpenseContext extends ExpenseDeps {
  /** The caller, from a verified access token; undefined when there is none or it is invalid. */
  user: AuthenticatedUser | undefined;
}
