import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { StackEnv } from '@expensio/infra-local';
import './providedContext.ts';

/** The running stack's settings, for integration and end-to-end tests. */
export function getStackEnv(): StackEnv {
  const env = inject('stackEnv');
  if (!env) throw new Error('the local stack is off (EXPENSIO_STACK=off); this test needs real servers');
  return env;
}

/** A name no other test file or run uses: topics, groups and databases stay apart. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
