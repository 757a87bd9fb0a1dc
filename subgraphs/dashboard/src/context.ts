import type { AuthenticatedUser, UserDirectory } from '@expensio/kit';
import type { Notifier } from './domain/notifier.ts';
import type { DashboardProjection } from './domain/projection.ts';

export interface DashboardDeps {
  projection: DashboardProjection;
  directory: UserDirectory;
  notifier: Notifier;
  now?: () => Date;
}

export interface DashboardContext extends DashboardDeps {
  user: AuthenticatedUser | undefined;
}
