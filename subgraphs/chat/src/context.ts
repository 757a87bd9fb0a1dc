import type { AuthenticatedUser, UserDirectory } from '@expensio/kit';
import type { Assistant } from './domain/assistant.ts';
import type { MessageNotifier } from './domain/notifier.ts';

export interface ChatDeps {
  assistant: Assistant;
  directory: UserDirectory;
  notifier: MessageNotifier;
  now?: () => Date;
}

export interface ChatContext extends ChatDeps {
  user: AuthenticatedUser | undefined;
}
