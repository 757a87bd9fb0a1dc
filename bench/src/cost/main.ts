// `npm run bench:cost`: the CPU one request costs in each process, one request at a time on an
// otherwise idle system (the whole system as bench:gateway starts it). Under load the services
// share two cores, so a query's throughput follows from the sum of these figures; this says where
// that sum goes. CPU is read from /proc (user + system time) around N requests of each kind.
// A script that prints figures; it asserts nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStack, stateDir } from '@expensio/infra-local';
import { startSystem } from '@expensio/testing';
import { gql, signUp } from '../client.ts';

const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '600' } } });
const N = Number(args.requests);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0; // the process ended
  }
}
function pidsMatching(pattern: RegExp): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return pattern.test(readFileSync(`/proc/${p}/cmdline`, 'utf8'));
      } catch {
        return false;
      }
    })
    .map(Number);
}

const stack = await createStack().up(() => {});
const sys = await startSystem(['user', 'expense', 'income', 'financial-data', 'dashboard', 'gateway'], {
  stack,
  env: { GATEWAY_REQUESTS_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' },
  logDir: join(stateDir, 'logs', 'bench'),
});
try {
  const processes: Record<string, () => number[]> = {
    gateway: () => [sys.pids.gateway!],
    dashboard: () => [sys.pids.dashboard!],
    expense: () => [sys.pids.expense!],
    user: () => [sys.pids.user!],
    ferretdb: () => pidsMatching(/ferretdb/),
    postgres: () => pidsMatching(/^postgres/),
    kafka: () => pidsMatching(/kafka/),
    'this client': () => [process.pid],
  };
  const snapshot = () => Object.fromEntries(Object.entries(processes).map(([name, pids]) => [name, pids().reduce((s, p) => s + cpuSeconds(p), 0)]));

  const stamp = Date.now();
  const { token, id: userId } = await signUp(sys, `cost-${stamp}@example.com`, { firstName: 'Cost', username: `c${stamp}` });
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const input = { title: `e${i}`, amount: { amount: '1.00' }, categoryCode: 'miscellaneous' };
    ids.push((await gql<{ createExpense: { id: string } }>(sys.url, 'mutation($i: CreateExpenseInput!) { createExpense(input: $i) { id } }', { i: input }, token)).createExpense.id);
  }
  const url = (name: 'dashboard' | 'expense' | 'user') => `http://127.0.0.1:${sys.ports[name]}/graphql`;
  for (let i = 0; i < 100; i++) {
    if ((await gql<{ dashboard: { expenseCount: number } }>(url('dashboard'), '{ dashboard { expenseCount } }', {}, token)).dashboard.expenseCount >= 10) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const cases: [string, string, string, object?][] = [
    ['dashboard, directly', url('dashboard'), '{ dashboard { totalSpent { amount } latestExpenses { id } } }'],
    ['the same via the gateway', sys.url, '{ dashboard { totalSpent { amount } latestExpenses { id } } }'],
    ['federated via the gateway', sys.url, '{ dashboard { user { firstName } totalSpent { amount } latestExpenses { title amount { amount } } } }'],
    ['expense _entities x10', url('expense'), 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Expense { title amount { amount } } } }', { r: ids.map((id) => ({ __typename: 'Expense', id })) }],
    ['user _entities x1', url('user'), 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { firstName } } }', { r: [{ __typename: 'User', id: userId }] }],
    ['expense { __typename }', url('expense'), '{ __typename }'],
    ['dashboard { __typename }', url('dashboard'), '{ __typename }'],
  ];
  console.log(`\nCPU per request (ms), ${N} requests of each kind one at a time, ${new Date().toISOString()} (node ${process.version})\n`);
  for (const [name, target, query, variables = {}] of cases) {
    for (let i = 0; i < 50; i++) await gql(target, query, variables, token); // warm-up
    const before = snapshot();
    const latencies: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await gql(target, query, variables, token);
      latencies.push(performance.now() - t0);
    }
    const after = snapshot();
    latencies.sort((a, b) => a - b);
    const costs = Object.keys(after)
      .map((p) => [p, ((after[p]! - before[p]!) * 1000) / N] as const)
      .filter(([, ms]) => ms >= 0.05);
    const servers = costs.filter(([p]) => p !== 'this client').reduce((s, [, ms]) => s + ms, 0);
    console.log(`${name.padEnd(26)} p50 ${latencies[N >> 1]!.toFixed(2).padStart(6)} ms   servers ${servers.toFixed(2).padStart(5)}: ${costs.map(([p, ms]) => `${p} ${ms.toFixed(2)}`).join(', ')}`);
  }
} finally {
  await sys.stop();
}
