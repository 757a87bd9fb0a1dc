import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '@expensio/testing';

// The GraphQL-over-HTTP conformance audits shipped with graphql-http, against the real gateway
// (every service its own process). The audits send `{ __typename }`-style operations that any
// schema accepts. Every MUST has to pass; SHOULD and MAY are reported, not enforced.
describe('GraphQL over HTTP audits (graphql-http serverAudits)', () => {
  let system: RunningSystem;
  let results: AuditResult[] = [];
  beforeAll(async () => {
    system = await startSystem(['user', 'expense', 'income', 'financial-data', 'dashboard', 'gateway']);
    results = await Promise.all(serverAudits({ url: system.url, fetchFn: fetch }).map((audit) => audit.fn()));
    console.table(
      results.map((r) => ({ id: r.id, status: r.status, name: r.name, reason: r.status === 'ok' ? '' : r.reason.slice(0, 120) })),
    );
  }, 180_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('runs the audits', () => {
    expect(results.length).toBeGreaterThan(40);
  });

  it('passes every MUST', () => {
    const failedMusts = results
      .filter((r) => r.name.startsWith('MUST') && r.status !== 'ok')
      .map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);
    expect(failedMusts).toEqual([]);
  });
});
