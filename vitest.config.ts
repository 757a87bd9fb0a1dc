import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// Three levels, told apart by file name (see STYLE.md):
//   unit         *.test.ts beside the code, pure logic, no servers
//   integration  *.int.test.ts against real Kafka, FerretDB and PostgreSQL
//   e2e          e2e/*.e2e.ts through the gateway
// The local stack is started once per run by the global setup (not once per file); it is skipped
// when EXPENSIO_STACK=off (the unit-only script sets that).
const ignore = ['**/node_modules/**', '**/.expensio/**', '**/dist/**'];

// Under vitest our source would load graphql's ESM build while Apollo loads its CJS build: two
// realms, so schemas and errors from one fail `instanceof` in the other. Pin one copy (plain node
// with tsx loads one already).
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

// Inline projects do not inherit the root config, so each takes this.
const resolve = { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] };

export default defineConfig({
  test: {
    globalSetup: ['./infra/testing/src/globalSetup.ts'],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignore, '**/*.int.test.ts'],
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignore,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['**/e2e/*.e2e.ts'],
          exclude: ignore,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // End-to-end files share ports of the running services; run them one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
