import type { AuthenticatedUser } from '@expensio/kit';
import type { Db } from '../db/database.ts';
import type { DeletionSaga } from '../deletion/deletionSaga.ts';
import type { SignIn } from '../signIn/signIn.ts';

/** Per request: who is calling. Never throws while being built (see the kit README). */
export interface UserContext {
  user: AuthenticatedUser | undefined;
  /** The client address the throttles count under (X-Forwarded-For only from a trusted proxy). */
  clientAddress: string;
}

/** What the resolvers work with, built once by server.ts. */
export interface UserServices {
  db: Db;
  signIn: SignIn;
  deletion: DeletionSaga;
  now: () => Date;
  /** Publishes what a committed write put in the outbox, without waiting for the relay's poll. */
  nudgeOutbox: () => void;
}
