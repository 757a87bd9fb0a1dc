import { createTestMongoDb, dataOf } from '@expensio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregatesConsumer } from '../src/events/aggregatesConsumer.ts';
import { createBudgetStore } from '../src/model/budgetStore.ts';
import { decodeMonth, type StoredMonthDoc } from '../src/model/monthCodec.ts';
import { createMonthStore, monthId } from '../src/model/monthStore.ts';
import { startFinancialDataSubgraph, type FinancialHarness } from './harness.ts';

const MONEY = 'amount currency minorUnits';
const ROW = `amount { ${MONEY} } otherCurrencies { ${MONEY} } count shareOfAmount shareOfCount`;
const SUMMARY = `month baseCurrency version totalSpent { ${MONEY} } otherCurrencies { ${MONEY} } expenseCount
  totalEarned { ${MONEY} } earnedOtherCurrencies { ${MONEY} } incomeCount net { ${MONEY} } netOtherCurrencies { ${MONEY} }
  byCategory { categoryCode ${ROW} } byMood { mood ${ROW} } byTrigger { trigger ${ROW} } byIncomeCategory { categoryCode ${ROW} }
  byPaymentMethod { paymentMethod ${ROW} } byExpenseType { expenseType ${ROW} } recurringSpent { ${MONEY} } recurringCount`;
const MONTH = `query($m: String!) { monthlySummary(month: $m) { ${SUMMARY} } }`;

type Money = { amount: string; currency: string; minorUnits: string };
type Row = { amount: Money; otherCurrencies: Money[]; count: number; shareOfAmount: number; shareOfCount: number };
type Summary = {
  month: string; version: number; totalSpent: Money; otherCurrencies: Money[]; expenseCount: number; totalEarned: Money; incomeCount: number;
  net: Money; netOtherCurrencies: Money[]; byCategory: (Row & { categoryCode: string })[]; byMood: (Row & { mood: string })[];
  byTrigger: (Row & { trigger: string })[]; byIncomeCategory: (Row & { categoryCode: string })[];
};

describe('financial-data: aggregates from expense and income events', () => {
  let h: FinancialHarness;
  beforeAll(async () => {
    h = await startFinancialDataSubgraph();
  });
  afterAll(async () => {
    await h.stop();
  });

  const monthDoc = (userId: string, month: string) => h.app.months.get(userId, month);
  type User = Awaited<ReturnType<FinancialHarness['registerUser']>>;
  const summary = async (u: User, month: string) => dataOf(await u.gql<{ monthlySummary: Summary }>(MONTH, { m: month })).monthlySummary;

  it('creates, updates across months and categories, and deletes, in a zone far from UTC', async () => {
    // Pacific/Kiritimati is UTC+14: 2026-03-31T12:00Z is already April 1st there.
    const u = await h.registerUser({ baseCurrency: 'EUR', timeZone: 'Pacific/Kiritimati' });
    const a1 = u.expense({ amount: { minor: 1_000, currency: 'EUR' }, occurredAt: '2026-03-31T12:00:00Z', categoryCode: 'food', mood: 'happy', cognitiveTriggers: ['impulseBuying', 'convenience'], paymentMethod: 'cash', expenseType: 'necessity' });
    const b1 = u.expense({ amount: { minor: 3_000, currency: 'EUR' }, occurredAt: '2026-04-15T12:00:00Z', categoryCode: 'pets', mood: 'regretful', cognitiveTriggers: ['impulseBuying'], isRecurring: true });
    const c1 = u.expense({ amount: { minor: 500, currency: 'EUR' }, occurredAt: '2026-04-16T12:00:00Z', categoryCode: 'food' });
    const salary = u.income({ amount: { minor: 200_000, currency: 'EUR' }, receivedAt: '2026-04-01T00:00:00Z' });
    // a moves to May and to housing; c is deleted; the salary is raised.
    const a2 = { ...a1, amount: { minor: 1_200, currency: 'EUR' }, occurredAt: '2026-05-02T12:00:00Z', categoryCode: 'housing', version: 2 };
    const salary2 = { ...salary, amount: { minor: 210_000, currency: 'EUR' }, version: 2 };
    await h.ns.producer.publish([
      u.expenseCreated(a1), u.expenseCreated(b1), u.expenseCreated(c1), u.incomeCreated(salary),
      u.expenseUpdated(a1, a2), u.expenseDeleted(c1), u.incomeUpdated(salary, salary2),
    ]);

    await expect.poll(async () => (await summary(u, '2026-04')).incomeCount === 1 && (await summary(u, '2026-05')).expenseCount, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await summary(u, '2026-04')).totalEarned.minorUnits, { timeout: 30_000 }).toBe('210000');
    const april = await summary(u, '2026-04');
    expect(april).toMatchObject({
      month: '2026-04',
      totalSpent: { amount: '30.00', currency: 'EUR', minorUnits: '3000' },
      expenseCount: 1,
      totalEarned: { amount: '2100.00', currency: 'EUR' },
      net: { amount: '2070.00', currency: 'EUR' },
      otherCurrencies: [],
      byCategory: [{ categoryCode: 'pets', amount: { minorUnits: '3000' }, count: 1, shareOfAmount: 1, shareOfCount: 1 }],
      byMood: [{ mood: 'REGRETFUL', count: 1 }],
      byTrigger: [{ trigger: 'IMPULSE_BUYING', count: 1 }],
      byIncomeCategory: [{ categoryCode: 'salaryWages', amount: { minorUnits: '210000' }, count: 1 }],
    });
    expect(await summary(u, '2026-05')).toMatchObject({
      totalSpent: { minorUnits: '1200' },
      byCategory: [{ categoryCode: 'housing', count: 1 }],
      byMood: [{ mood: 'HAPPY' }],
      byTrigger: [{ trigger: 'CONVENIENCE', shareOfAmount: 1 }, { trigger: 'IMPULSE_BUYING', shareOfAmount: 1 }],
    });
    // March in UTC, but April in Kiritimati: March stays empty.
    expect(await summary(u, '2026-03')).toMatchObject({ expenseCount: 0, totalSpent: { minorUnits: '0' }, version: 0 });

    // FINANCIALDATA_UPDATED carries the month's figures after the change and the events it applied.
    await expect.poll(() => h.eventsOf(u.userId).filter((e) => e.type === 'FINANCIALDATA_UPDATED').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => {
      const last = h.eventsOf(u.userId).filter((e) => e.type === 'FINANCIALDATA_UPDATED' && e.data.month === '2026-04').at(-1);
      return last?.type === 'FINANCIALDATA_UPDATED' ? last.data.figures.incomes.amounts['EUR'] : undefined;
    }, { timeout: 30_000 }).toBe(210_000);
    const updates = h.eventsOf(u.userId).flatMap((e) => (e.type === 'FINANCIALDATA_UPDATED' ? [e] : []));
    const lastApril = updates.filter((e) => e.data.month === '2026-04').at(-1)!;
    const doc = (await monthDoc(u.userId, '2026-04'))!;
    expect(lastApril.data.figures).toEqual(doc.figures);
    expect(lastApril.data.version).toBe(doc.rev);
    expect(lastApril.data.timeZone).toBe('Pacific/Kiritimati');
    const changes = updates.flatMap((e) => e.data.changes);
    expect(changes.map((c) => c.type).sort()).toEqual(
      // a1's update touches two months (the move), so it is reported by both.
      ['EXPENSE_CREATED', 'EXPENSE_CREATED', 'EXPENSE_CREATED', 'EXPENSE_DELETED', 'EXPENSE_UPDATED', 'EXPENSE_UPDATED', 'INCOME_CREATED', 'INCOME_UPDATED'],
    );
    expect(lastApril.causationid).toBeDefined();
  });

  it('ignores duplicates, replays and stale (out-of-order) events', async () => {
    const u = await h.registerUser();
    const e1 = u.expense({ amount: { minor: 2_000, currency: 'EUR' }, occurredAt: '2026-02-10T12:00:00Z', categoryCode: 'food' });
    const e2 = { ...e1, amount: { minor: 2_500, currency: 'EUR' }, version: 2 };
    const e3 = { ...e2, categoryCode: 'pets', version: 3 };
    const created = u.expenseCreated(e1);
    const v2 = u.expenseUpdated(e1, e2);
    const v3 = u.expenseUpdated(e2, e3);
    // v3 arrives before v2 (reordered upstream), then everything again (redelivery / replay).
    await h.ns.producer.publish([created, v3, v2]);
    await expect.poll(async () => (await summary(u, '2026-02')).byCategory.map((r) => r.categoryCode), { timeout: 30_000 }).toEqual(['pets']);
    const before = (await monthDoc(u.userId, '2026-02'))!;
    const sentinel = u.expense({ amount: { minor: 1, currency: 'EUR' }, occurredAt: '2026-01-10T12:00:00Z' });
    // Same key, same partition: once the sentinel is applied, the duplicates before it were too.
    await h.ns.producer.publish([created, v2, v3, created, u.expenseCreated(sentinel)]);
    await expect.poll(async () => (await summary(u, '2026-01')).expenseCount, { timeout: 30_000 }).toBe(1);
    const after = (await monthDoc(u.userId, '2026-02'))!;
    expect(after.rev).toBe(before.rev);
    expect(after.figures).toEqual(before.figures);
    expect(after.figures.byCategory).toEqual([{ categoryCode: 'pets', amounts: { EUR: 2_500 }, count: 1 }]);

    // A delete that arrives before the create it follows: the create, when it comes, changes nothing.
    const lone = u.expense({ amount: { minor: 700, currency: 'EUR' }, occurredAt: '2026-02-11T12:00:00Z' });
    await h.ns.producer.publish([u.expenseDeleted(lone), u.expenseCreated(lone), u.expenseCreated({ ...sentinel, expenseId: 'sentinel-2' })]);
    await expect.poll(async () => (await summary(u, '2026-01')).expenseCount, { timeout: 30_000 }).toBe(2);
    expect((await summary(u, '2026-02')).expenseCount).toBe(1);
  });

  it('keeps currencies apart: base currency totals, the others listed, never summed', async () => {
    const u = await h.registerUser({ baseCurrency: 'EUR' });
    const m = '2026-06-05T12:00:00Z';
    await h.ns.producer.publish([
      u.expenseCreated(u.expense({ amount: { minor: 4_000, currency: 'EUR' }, occurredAt: m, categoryCode: 'food' })),
      u.expenseCreated(u.expense({ amount: { minor: 1_200, currency: 'JPY' }, occurredAt: m, categoryCode: 'food' })),
      u.expenseCreated(u.expense({ amount: { minor: 1_000, currency: 'USD' }, occurredAt: m, categoryCode: 'pets' })),
      u.incomeCreated(u.income({ amount: { minor: 5_000, currency: 'USD' }, receivedAt: m })),
    ]);
    await expect.poll(async () => (await summary(u, '2026-06')).expenseCount + (await summary(u, '2026-06')).incomeCount, { timeout: 30_000 }).toBe(4);
    const s = await summary(u, '2026-06');
    expect(s.totalSpent).toEqual({ amount: '40.00', currency: 'EUR', minorUnits: '4000' });
    expect(s.otherCurrencies).toEqual([
      { amount: '1200', currency: 'JPY', minorUnits: '1200' },
      { amount: '10.00', currency: 'USD', minorUnits: '1000' },
    ]);
    expect(s.net).toEqual({ amount: '-40.00', currency: 'EUR', minorUnits: '-4000' });
    expect(s.netOtherCurrencies).toEqual([
      { amount: '-1200', currency: 'JPY', minorUnits: '-1200' },
      { amount: '40.00', currency: 'USD', minorUnits: '4000' },
    ]);
    expect(s.byCategory).toEqual([
      { categoryCode: 'food', amount: { amount: '40.00', currency: 'EUR', minorUnits: '4000' }, otherCurrencies: [{ amount: '1200', currency: 'JPY', minorUnits: '1200' }], count: 2, shareOfAmount: 1, shareOfCount: 2 / 3 },
      { categoryCode: 'pets', amount: { amount: '0.00', currency: 'EUR', minorUnits: '0' }, otherCurrencies: [{ amount: '10.00', currency: 'USD', minorUnits: '1000' }], count: 1, shareOfAmount: 0, shareOfCount: 1 / 3 },
    ]);
  });

  it('reads a month stored before entries and figures were text, and stores it as text when it next changes', async () => {
    const u = await h.registerUser({ baseCurrency: 'EUR', timeZone: 'UTC' });
    const first = u.expense({ amount: { minor: 1_000, currency: 'EUR' }, occurredAt: '2026-07-03T12:00:00Z', categoryCode: 'food', mood: 'happy' });
    await h.ns.producer.publish([u.expenseCreated(first)]);
    await expect.poll(async () => (await summary(u, '2026-07')).expenseCount, { timeout: 30_000 }).toBe(1);
    const months = h.app.months.collection;
    const id = monthId(u.userId, '2026-07');
    const stored = (await months.findOne({ _id: id }))!;
    expect(typeof stored.ent).toBe('string');
    expect(typeof stored.figures).toBe('string');
    // The shape an older build wrote: plain objects.
    const { ent, figures } = decodeMonth(stored);
    await months.updateOne({ _id: id }, { $set: { ent: { ...ent }, figures } });
    const before = await summary(u, '2026-07');
    expect(before).toMatchObject({ expenseCount: 1, totalSpent: { minorUnits: '1000' } });

    // A store with nothing cached (another replica, a restart) reads the older document to change it.
    const relay = { nudge() {}, handOff() {}, start() {}, flush: async () => {}, stop: async () => {}, stats: { published: 0, rounds: 0 } };
    const fresh = createMonthStore({ db: h.mongo.db, budgets: createBudgetStore(h.mongo.db), relay });
    const second = u.expense({ amount: { minor: 2_500, currency: 'EUR' }, occurredAt: '2026-07-04T12:00:00Z', categoryCode: 'food', mood: 'happy' });
    const secondCreated = u.expenseCreated(second);
    expect(await fresh.apply([secondCreated])).toMatchObject({ writes: 1 });
    // Also on the topic (where the service's own consumer finds it applied), so that the rebuild
    // below replays everything the months hold.
    await h.ns.producer.publish([secondCreated]);
    const after = (await months.findOne({ _id: id }))!;
    expect(typeof after.ent).toBe('string');
    expect(typeof after.figures).toBe('string');
    const entities = Object.keys(decodeMonth(after).ent);
    expect(entities).toHaveLength(2);
    expect(entities).toEqual(expect.arrayContaining(Object.keys(ent)));
    expect(decodeMonth(after).figures).toMatchObject({ expenses: { amounts: { EUR: 3_500 }, count: 2 }, byCategory: [{ categoryCode: 'food', amounts: { EUR: 3_500 }, count: 2 }] });
    expect(await summary(u, '2026-07')).toMatchObject({ expenseCount: 2, totalSpent: { minorUnits: '3500' }, version: before.version + 1 });
  });

  it('rebuilds identical aggregates from the earliest offset into empty collections', async () => {
    const live = await h.app.months.collection.find({}).toArray();
    expect(live.length).toBeGreaterThan(3);
    const fresh = await createTestMongoDb('financial-rebuild');
    try {
      const budgets = createBudgetStore(fresh.db);
      const relay = { nudge() {}, handOff() {}, start() {}, flush: async () => {}, stop: async () => {}, stats: { published: 0, rounds: 0 } };
      const months = createMonthStore({ db: fresh.db, budgets, relay });
      const rebuild = createAggregatesConsumer({ kafka: h.ns.kafka, months, deadLetters: h.ns.producer, groupId: h.ns.groupId('rebuild'), topicPrefix: h.ns.topicPrefix });
      await rebuild.start();
      const normal = (stored: StoredMonthDoc[]) =>
        Object.fromEntries(stored.map(decodeMonth).map((d) => [d._id, { figures: d.figures, ent: Object.fromEntries(Object.entries(d.ent).sort(([a], [b]) => (a < b ? -1 : 1))) }]));
      const expected = normal(await h.app.months.collection.find({}).toArray());
      await expect.poll(async () => normal(await months.collection.find({}).toArray()), { timeout: 60_000 }).toEqual(expected);
      await rebuild.stop();
    } finally {
      await fresh.drop();
    }
  });
});
