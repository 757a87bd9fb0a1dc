/**
 * Vitest global setup: brings the local stack up once per test run (never once per file) and hands
 * its connection settings to the tests through `provide`/`inject`. A stack that was already up
 * (`npm run infra:up`) is left running afterwards; one this run started is stopped again, unless
 * EXPENSIO_KEEP_STACK=1. EXPENSIO_STACK=off skips all of it (unit tests need no servers).
 */
import type { TestProject } from 'vitest/node';
import { createKafkaClient } from '@expensio/events';
import { createStack, type StackEnv } from '@expensio/infra-local';
import { pruneStaleTestTopics } from './kafka.ts';
import './providedContext.ts';

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

interface SharedStack {
  ready: Promise<{ env: StackEnv; stopAfter?: () => Promise<void> }>;
  users: number;
}

// Vitest runs this setup once per project (unit, integration, e2e), possibly in parallel; the
// stack must start once, so the projects share one start through the process-wide global.
const shared = globalThis as { __expensioStack?: SharedStack };

async function bringUp(): Promise<{ env: StackEnv; stopAfter?: () => Promise<void> }> {
  const stack = createStack();
  const before = await stack.status();
  const wasUp = before.every((s) => s.external || s.state === 'ready');
  const env = await stack.up((line) => console.log(`[stack] ${line}`));
  // Namespaces of runs killed before their cleanup, on a broker that outlives runs (no live run is
  // six hours old: CI stops at 90 minutes).
  // Housekeeping only: a broker that refuses it must not fail the run.
  await pruneStaleTestTopics(createKafkaClient({ brokers: env.KAFKA_BROKERS.split(','), clientId: 'expensio-test-setup' }), STALE_AFTER_MS).then(
    (pruned) => pruned && console.log(`[stack] deleted ${pruned} topics of test runs older than six hours`),
    (err: unknown) => console.warn(`[stack] could not delete old test topics: ${(err as Error).message}`),
  );
  const stopAfter =
    !wasUp && process.env.EXPENSIO_KEEP_STACK !== '1'
      ? () => stack.down((line) => console.log(`[stack] ${line}`))
      : undefined;
  return { env, stopAfter };
}

export async function setup(project: TestProject): Promise<void> {
  if (process.env.EXPENSIO_STACK === 'off') {
    project.provide('stackEnv', null);
    return;
  }
  shared.__expensioStack ??= { ready: bringUp(), users: 0 };
  shared.__expensioStack.users += 1;
  project.provide('stackEnv', (await shared.__expensioStack.ready).env);
}

export async function teardown(): Promise<void> {
  const current = shared.__expensioStack;
  if (!current) return;
  current.users -= 1;
  if (current.users > 0) return;
  shared.__expensioStack = undefined;
  await (await current.ready).stopAfter?.();
}
