/**
 * Vitest global setup: brings the local stack up once per test run (never once per file) and hands
 * its connection settings to the tests through `provide`/`inject`. A stack that was already up
 * (`npm run infra:up`) is left running afterwards; one this run started is stopped again, unless
 * EXPENSIO_KEEP_STACK=1. EXPENSIO_STACK=off skips all of it (unit tests need no servers).
 */
import type { TestProject } from 'vitest/node';
import { createStack } from '@expensio/infra-local';

import './providedContext.ts';

let stopAfter: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.EXPENSIO_STACK === 'off') {
    project.provide('stackEnv', null);
    return;
  }
  const stack = createStack();
  const before = await stack.status();
  const wasUp = before.every((s) => s.external || s.state === 'ready');
  const env = await stack.up((line) => console.log(`[stack] ${line}`));
  project.provide('stackEnv', env);
  if (!wasUp && process.env.EXPENSIO_KEEP_STACK !== '1') {
    stopAfter = () => stack.down((line) => console.log(`[stack] ${line}`));
  }
}

export async function teardown(): Promise<void> {
  await stopAfter?.();
}
