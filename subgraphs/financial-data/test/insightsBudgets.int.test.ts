import { randomUUID } from 'node:crypto';
import { createEvent, sourceOf } from '@expensio/events';
import { dataOf, graphqlRequest } from '@expensio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSpring, startFinancialDataSubgraph, type FinancialHarness } from './harness.ts';

const INSIGHTS = `query($m: String) { insights(month: $m) { kind title detail severity month subject figures { name value money { minorUnits currency } } } }`;
const STATUS = `query($m: String) { budgetStatus(month: $m) { month budget { categoryCode amount { minorUnits currency } } spent { minorUnits } remaining { minorUnits } projected { minorUnits } exceeded projectedToExceed usedShare } }`;
const SET = `mutation($input: SetBudgetInput!) { setBudget(input: $input) { id categoryCode amount { amount currency minorUnits } } }`;

type Figure = { name: string; value: number | null; money: { minorUnits: string } | null };
type Insight = { kind: string; subject: string | null; severity: string; month: string; figures: Figure[] };

describe('financial-data: insights, budgets, authorization, account deletion', () => {
  let h: FinancialHarness;
  // The clock stands on June 10th, 2026 (day 10 of 30) for projections and default months.
  beforeAll(async () => {
    h = await startFinancialDataSubgraph({ now: new Date('2026-06-10T12:00:00Z') });
  });
  afterAll(async () => {
    await h.stop();
  });

  const seeded = () => seedSpring(h);

  it('computes insights whose numbers match the hand-computed ones', async () => {
    const u = await seeded();
    const insights = dataOf(await u.gql<{ insights: Insight[] }>(INSIGHTS, {})).insights; // default: June
    const of = (kind: string) => insights.filter((i) => i.kind === kind);
    const figure = (i: Insight | undefined, name: string) => {
      const f = i?.figures.find((x) => x.name === name);
      return f?.money ? Number(f.money.minorUnits) : f?.value;
    };
    expect(insights.every((i) => i.month === '2026-06')).toBe(true);
    // food: 300.00 by day 10 of 30 -> 900.00 projected, against (300+300+300)/3 = 300.00: ratio 3.
    const food = of('CATEGORY_PACE').find((i) => i.subject === 'food');
    expect([figure(food, 'spent'), figure(food, 'projected'), figure(food, 'threeMonthAverage'), figure(food, 'ratio')]).toEqual([30_000, 90_000, 30_000, 3]);
    // housing: 1500.00 projected against (500+0+0)/3 = 166.67: flagged too.
    expect(figure(of('CATEGORY_PACE').find((i) => i.subject === 'housing'), 'threeMonthAverage')).toBe(16_667);
    // regretful: 200 of 800 = 25% by amount, 1 of 3 by count.
    const regret = of('REGRETFUL_SHARE')[0];
    expect([figure(regret, 'shareOfAmount'), figure(regret, 'shareOfCount'), regret?.severity]).toEqual([0.25, 1 / 3, 'warning']);
    // triggers: obligation 500 (62.5%), impulseBuying 300 (37.5%), emotionalSpending 200 (25%).
    expect(of('TOP_TRIGGERS')[0]?.figures.map((f) => [f.name, f.value])).toEqual([
      ['totalSpent', null], ['obligation', 0.625], ['impulseBuying', 0.375], ['emotionalSpending', 0.25],
    ]);
    // per purchase: neutral 500, regretful 200, happy 100.
    expect(of('COSTLIEST_MOOD')[0]?.subject).toBe('neutral');
    expect(figure(of('RECURRING_SPEND')[0], 'shareOfAmount')).toBe(0.625);
    // against May (food 300, housing 500): no category went up.
    expect(of('MONTH_OVER_MONTH_INCREASE')).toEqual([]);
    // May against April: housing +500.00 (from nothing).
    const may = dataOf(await u.gql<{ insights: Insight[] }>(INSIGHTS, { m: '2026-05' })).insights;
    expect(may.filter((i) => i.kind === 'MONTH_OVER_MONTH_INCREASE').map((i) => [i.subject, figure(i, 'increase')])).toEqual([['housing', 50_000]]);
  });

  it('tracks budgets and sends BUDGET_EXCEEDED once per budget and month', async () => {
    const u = await seeded(); // June: food 300, housing 500, total 800
    const exceededOf = () => h.eventsOf(u.userId).flatMap((e) => (e.type === 'BUDGET_EXCEEDED' ? [e] : []));
    // Food budget below what June already spent: crossed at once.
    const food = dataOf(await u.gql<{ setBudget: { id: string } }>(SET, { input: { categoryCode: 'food', amount: { amount: '250' } } })).setBudget;
    dataOf(await u.gql(SET, { input: { amount: { amount: '1000' } } }));
    await expect.poll(() => exceededOf().length, { timeout: 30_000 }).toBe(1);
    expect(exceededOf()[0]?.data).toMatchObject({ budgetId: food.id, month: '2026-06', categoryCode: 'food', budget: { minor: 25_000, currency: 'EUR' }, spent: { minor: 30_000 } });

    const status = dataOf(await u.gql<{ budgetStatus: Record<string, unknown>[] }>(STATUS, {})).budgetStatus;
    expect(status).toEqual([
      // overall: 800 of 1000; 800 * 30 / 10 = 2400 projected.
      { month: '2026-06', budget: { categoryCode: null, amount: { minorUnits: '100000', currency: 'EUR' } }, spent: { minorUnits: '80000' }, remaining: { minorUnits: '20000' }, projected: { minorUnits: '240000' }, exceeded: false, projectedToExceed: true, usedShare: 0.8 },
      { month: '2026-06', budget: { categoryCode: 'food', amount: { minorUnits: '25000', currency: 'EUR' } }, spent: { minorUnits: '30000' }, remaining: { minorUnits: '-5000' }, projected: { minorUnits: '90000' }, exceeded: true, projectedToExceed: true, usedShare: 1.2 },
    ]);

    // More food (still over: no second food alert) crosses the overall budget (once), even when redelivered.
    const more = u.expenseCreated(u.expense({ amount: { minor: 30_000, currency: 'EUR' }, occurredAt: '2026-06-09T12:00:00Z', categoryCode: 'food' }));
    await h.ns.producer.publish([more, more]);
    await expect.poll(() => exceededOf().length, { timeout: 30_000 }).toBe(2);
    await h.ns.producer.publish([more, u.expenseCreated(u.expense({ amount: { minor: 100, currency: 'EUR' }, occurredAt: '2026-06-09T13:00:00Z' }))]);
    await expect.poll(async () => (await h.app.months.get(u.userId, '2026-06'))?.figures.expenses.count, { timeout: 30_000 }).toBe(5);
    await h.app.relay.flush();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(exceededOf().map((e) => e.data.categoryCode)).toEqual(['food', null]);
    expect(exceededOf()[1]?.data.spent.minor).toBe(110_000);
  });

  it('refuses callers without a valid token and never shows another user data', async () => {
    const owner = await seeded();
    const other = await h.registerUser();
    const q = `query { monthlySummary(month: "2026-06") { expenseCount } }`;
    expect((await graphqlRequest(h.url, q)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphqlRequest(h.url, q, {}, await h.auth.forgedToken(owner.userId))).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(dataOf(await owner.gql<{ monthlySummary: { expenseCount: number } }>(q)).monthlySummary.expenseCount).toBe(3);
    expect(dataOf(await other.gql<{ monthlySummary: { expenseCount: number } }>(q)).monthlySummary.expenseCount).toBe(0);
    // Through federation: the gateway asks for User.financialData by id.
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { financialData { monthlySummary(month: "2026-06") { expenseCount } } } } }`;
    const own = await owner.gql<{ _entities: { financialData: { monthlySummary: { expenseCount: number } } }[] }>(entities, { r: [{ __typename: 'User', id: owner.userId }] });
    expect(dataOf(own)._entities[0]?.financialData.monthlySummary.expenseCount).toBe(3);
    const stolen = await other.gql(entities, { r: [{ __typename: 'User', id: owner.userId }] });
    expect(stolen.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Budgets are the caller's own too.
    dataOf(await other.gql(SET, { input: { categoryCode: 'pets', amount: { amount: '10' } } }));
    expect(dataOf(await owner.gql<{ budgetStatus: unknown[] }>(STATUS, {})).budgetStatus).toEqual([]);
  });

  it('purges the user on USER_DELETION_REQUESTED and ignores the user events that come after', async () => {
    const u = await seeded();
    await h.ns.producer.publish([
      createEvent(
        'USER_DELETION_REQUESTED',
        { userId: u.userId, sagaId: randomUUID(), requestedAt: new Date().toISOString(), participants: ['financial-data'] },
        { subject: u.userId, source: sourceOf('user') },
      ),
    ]);
    await expect.poll(() => h.app.months.collection.countDocuments({ userId: u.userId }), { timeout: 30_000 }).toBe(0);
    const late = u.expenseCreated(u.expense({ amount: { minor: 999, currency: 'EUR' }, occurredAt: '2026-06-09T12:00:00Z' }));
    const other = await h.registerUser();
    await h.ns.producer.publish([late, other.expenseCreated(other.expense({ amount: { minor: 1, currency: 'EUR' }, occurredAt: '2026-06-09T12:00:00Z' }))]);
    await expect.poll(async () => (await h.app.months.get(other.userId, '2026-06'))?.figures.expenses.count, { timeout: 30_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.app.months.collection.countDocuments({ userId: u.userId })).toBe(0);
  });
});
