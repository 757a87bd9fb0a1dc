import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, graphqlRequest } from '@expensio/testing';
import { startIncomeSubgraph, type IncomeHarness } from './harness.ts';

const FIELDS = `id title amount { amount currency minorUnits } categoryCode receivedAt incomeType description notes tags
  isRecurring version createdAt updatedAt user { id }`;
const CREATE = `mutation($input: CreateIncomeInput!) { createIncome(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateIncomeInput!, $v: Int) { updateIncome(id: $id, input: $input, expectedVersion: $v) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteIncome(id: $id) }`;
const GET = `query($id: ID!) { income(id: $id) { ${FIELDS} } }`;

type Income = { id: string; version: number; title: string; amount: { amount: string; currency: string; minorUnits: string }; [k: string]: unknown };
const salary = { title: 'Salary', amount: { amount: '3000' }, categoryCode: 'salaryWages' };

describe('income subgraph: CRUD, events, idempotency, validation, authorization', () => {
  let h: IncomeHarness;
  beforeAll(async () => {
    h = await startIncomeSubgraph();
  });
  afterAll(async () => {
    await h.stop();
  });
  const incomesIn = (userId: string) => h.db.collection('incomes').countDocuments({ userId });

  it('creates, reads, updates and deletes, with exactly one event per change read back by a consumer', async () => {
    const ada = await h.registerUser({ baseCurrency: 'INR', timeZone: 'Asia/Kolkata' });
    const created = dataOf(
      await ada.gql<{ createIncome: Income }>(CREATE, {
        input: {
          title: 'Book royalties',
          amount: { amount: '12500.5' },
          categoryCode: 'royalties',
          receivedAt: '2026-10-01T06:30:00Z',
          incomeType: 'SECONDARY',
          description: 'Q3 statement',
          notes: ['paid late'],
          tags: ['books', 'books', 'q3'],
          isRecurring: true,
        },
      }),
    ).createIncome;
    expect(created).toMatchObject({
      amount: { amount: '12500.50', currency: 'INR', minorUnits: '1250050' },
      incomeType: 'SECONDARY',
      tags: ['books', 'q3'],
      isRecurring: true,
      version: 1,
      user: { id: ada.userId },
    });
    expect(dataOf(await ada.gql<{ income: Income }>(GET, { id: created.id })).income).toEqual(created);

    const updated = dataOf(await ada.gql<{ updateIncome: Income }>(UPDATE, { id: created.id, v: 1, input: { amount: { amount: '13000' }, incomeType: 'PRIMARY' } })).updateIncome;
    expect(updated).toMatchObject({ version: 2, incomeType: 'PRIMARY', amount: { amount: '13000.00' }, title: 'Book royalties' });
    // Notes are private to this subgraph: a new version, but no event.
    const privateChange = dataOf(await ada.gql<{ updateIncome: Income }>(UPDATE, { id: created.id, input: { notes: ['paid on time after all'] } })).updateIncome;
    expect(privateChange.version).toBe(3);
    // Nothing changes: no new version and no event.
    expect(dataOf(await ada.gql<{ updateIncome: Income }>(UPDATE, { id: created.id, input: { title: 'Book royalties' } })).updateIncome.version).toBe(3);

    expect(dataOf(await ada.gql<{ deleteIncome: boolean }>(DELETE, { id: created.id })).deleteIncome).toBe(true);
    expect(dataOf(await ada.gql<{ income: Income | null }>(GET, { id: created.id })).income).toBeNull();
    expect((await ada.gql(DELETE, { id: created.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await expect.poll(() => h.eventsOf(ada.userId).length, { timeout: 30_000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 1_000)); // nothing trails behind
    const [c, u, d, ...rest] = h.eventsOf(ada.userId);
    expect(rest).toHaveLength(0);
    expect(c?.type).toBe('INCOME_CREATED');
    expect(c?.data).toEqual({
      incomeId: created.id, userId: ada.userId, title: 'Book royalties', amount: { minor: 1_250_050, currency: 'INR' },
      categoryCode: 'royalties', incomeType: 'secondary', tags: ['books', 'q3'], isRecurring: true,
      receivedAt: '2026-10-01T06:30:00.000Z', timeZone: 'Asia/Kolkata', version: 1,
    });
    if (u?.type !== 'INCOME_UPDATED') throw new Error(`expected INCOME_UPDATED, got ${u?.type}`);
    expect(u.data.changedFields.toSorted()).toEqual(['amount', 'incomeType']);
    expect(u.data).toMatchObject({ version: 2, before: { amount: { minor: 1_250_050 }, incomeType: 'secondary' }, after: { amount: { minor: 1_300_000 }, incomeType: 'primary', version: 2 } });
    if (d?.type !== 'INCOME_DELETED') throw new Error(`expected INCOME_DELETED, got ${d?.type}`);
    expect(d.data).toMatchObject({ incomeId: created.id, version: 4, before: { version: 3, amount: { minor: 1_300_000 } } });
    // The tombstone leaves once its event is out.
    await expect.poll(() => incomesIn(ada.userId), { timeout: 10_000 }).toBe(0);
  });

  it('defaults the income type to UNKNOWN and the date to now; refuses a stale expectedVersion', async () => {
    const u = await h.registerUser({ baseCurrency: 'USD' });
    const before = Date.now();
    const i = dataOf(await u.gql<{ createIncome: Income }>(CREATE, { input: salary })).createIncome;
    expect(i).toMatchObject({ incomeType: 'UNKNOWN', amount: { amount: '3000.00', currency: 'USD' }, isRecurring: false, notes: [], tags: [] });
    expect(Date.parse(i.receivedAt as string)).toBeGreaterThanOrEqual(before - 1_000);
    dataOf(await u.gql(UPDATE, { id: i.id, v: 1, input: { title: 'Monthly salary' } }));
    const stale = await u.gql(UPDATE, { id: i.id, v: 1, input: { title: 'Wages' } });
    expect(stale.errors?.[0]?.extensions?.code).toBe('VERSION_CONFLICT');
    expect((await u.gql(UPDATE, { id: i.id, input: { title: null } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    expect(dataOf(await u.gql<{ income: Income }>(GET, { id: i.id })).income).toMatchObject({ title: 'Monthly salary', version: 2 });
  });

  it('keeps one income and one event for concurrent retries with the same idempotency key', async () => {
    const u = await h.registerUser();
    const input = { ...salary, idempotencyKey: 'payroll-2026-11' };
    const results = await Promise.all(Array.from({ length: 8 }, () => u.gql<{ createIncome: Income }>(CREATE, { input })));
    const ids = new Set(results.map((r) => dataOf(r).createIncome.id));
    expect(ids.size).toBe(1);
    expect(dataOf(await u.gql<{ createIncome: Income }>(CREATE, { input })).createIncome.id).toBe([...ids][0]);
    // The same key inside a batch, and next to a fresh one.
    const batch = dataOf(
      await u.gql<{ createIncomes: Income[] }>('mutation($inputs: [CreateIncomeInput!]!) { createIncomes(inputs: $inputs) { id } }', {
        inputs: [input, { ...salary, title: 'Bonus', idempotencyKey: 'bonus-2026' }, { ...salary, title: 'Bonus', idempotencyKey: 'bonus-2026' }],
      }),
    ).createIncomes;
    expect(batch[0]!.id).toBe([...ids][0]);
    expect(batch[1]!.id).toBe(batch[2]!.id);
    expect(await incomesIn(u.userId)).toBe(2);
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.eventsOf(u.userId)).toHaveLength(2);
  });

  it.each([
    ['a currency that does not exist', { amount: { amount: '10', currency: 'ABC' } }, 'input.amount.currency'],
    ['more decimals than the currency has', { amount: { amount: '10.001', currency: 'EUR' } }, 'input.amount.amount'],
    ['decimals on yen', { amount: { amount: '100.5', currency: 'JPY' } }, 'input.amount.amount'],
    ['a zero amount', { amount: { amount: '0' } }, 'input.amount.amount'],
    ['a negative amount', { amount: { amount: '-1' } }, 'input.amount.amount'],
    ['an empty title', { title: '' }, 'input.title'],
    ['a 201-character title', { title: 'y'.repeat(201) }, 'input.title'],
    ['an expense category', { categoryCode: 'food' }, 'input.categoryCode'],
    ['eleven notes', { notes: Array.from({ length: 11 }, (_, i) => `note ${i}`) }, 'input.notes'],
    ['a 301-character note', { notes: ['ok', 'z'.repeat(301)] }, 'input.notes[1]'],
    ['a date before 1970', { receivedAt: '1960-05-01T00:00:00Z' }, 'input.receivedAt'],
    ['a date years ahead', { receivedAt: '2100-01-01T00:00:00Z' }, 'input.receivedAt'],
    ['an over-long idempotency key', { idempotencyKey: 'k'.repeat(201) }, 'input.idempotencyKey'],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing and publishing nothing', async (_, change, field) => {
    const u = await h.registerUser();
    const res = await u.gql(CREATE, { input: { ...salary, ...change } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await incomesIn(u.userId)).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.eventsOf(u.userId)).toHaveLength(0);
  });

  it('creates a batch all or nothing: one invalid input or more than 500 inputs store nothing', async () => {
    const u = await h.registerUser();
    const BATCH = 'mutation($inputs: [CreateIncomeInput!]!) { createIncomes(inputs: $inputs) { id title } }';
    const bad = await u.gql(BATCH, { inputs: [salary, { ...salary, amount: { amount: '1.234' } }] });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[1].amount.amount' });
    const tooMany = await u.gql(BATCH, { inputs: Array.from({ length: 501 }, () => salary) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs' });
    expect(await incomesIn(u.userId)).toBe(0);
    // (A full batch of 500 works the same; on FerretDB its outbox takes long to clear, so 40 here.)
    const ok = dataOf(await u.gql<{ createIncomes: { title: string }[] }>(BATCH, { inputs: Array.from({ length: 40 }, (_, i) => ({ ...salary, title: `Gig ${i}` })) }));
    expect(ok.createIncomes.map((i) => i.title)).toEqual(Array.from({ length: 40 }, (_, i) => `Gig ${i}`));
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(40);
  });

  it("never lets a user read, change, delete, list, export or reference another user's incomes", async () => {
    const owner = await h.registerUser();
    const other = await h.registerUser();
    const i = dataOf(await owner.gql<{ createIncome: Income }>(CREATE, { input: { ...salary, title: 'Rent from flat', categoryCode: 'rentalIncome' } })).createIncome;
    dataOf(await owner.gql('mutation { createIncomeCategory(input: { name: "Tutoring" }) { code } }'));

    expect(dataOf(await other.gql<{ income: Income | null }>(GET, { id: i.id })).income).toBeNull();
    expect((await other.gql(UPDATE, { id: i.id, input: { title: 'Mine now' } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await other.gql(DELETE, { id: i.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(dataOf(await other.gql<{ incomes: { totalCount: number } }>('{ incomes { totalCount } }')).incomes.totalCount).toBe(0);
    expect(dataOf(await other.gql<{ exportIncomes: { rowCount: number } }>('{ exportIncomes(format: JSON) { rowCount } }')).exportIncomes.rowCount).toBe(0);
    expect((await other.gql('mutation { renameIncomeCategory(code: "tutoring", name: "Mine") { code } }')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await other.gql('mutation { archiveIncomeCategory(code: "tutoring") { code } }')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const otherCategories = dataOf(await other.gql<{ incomeCategories: { code: string }[] }>('{ incomeCategories(includeArchived: true) { code } }'));
    expect(otherCategories.incomeCategories.map((c) => c.code)).not.toContain('tutoring');
    const ENTITY = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Income { id title } } }';
    expect((await other.gql<{ _entities: unknown[] }>(ENTITY, { r: [{ __typename: 'Income', id: i.id }] })).data?._entities).toEqual([null]);
    const viaUser = await other.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { incomes { totalCount } } } }', {
      r: [{ __typename: 'User', id: owner.userId }],
    });
    expect(viaUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The owner sees theirs through federation, and the income is untouched.
    const own = await owner.gql<{ _entities: { incomes: { totalCount: number } }[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { incomes { totalCount } } } }',
      { r: [{ __typename: 'User', id: owner.userId }] },
    );
    expect(dataOf(own)._entities[0]!.incomes.totalCount).toBe(1);
    expect(dataOf(await owner.gql<{ income: Income }>(GET, { id: i.id })).income).toMatchObject({ title: 'Rent from flat', version: 1 });
  });

  it('refuses a missing, forged or expired token with UNAUTHENTICATED', async () => {
    const u = await h.registerUser();
    for (const token of [undefined, await h.auth.forgedToken(u.userId), await h.auth.token(u.userId, { expiresInSeconds: -60 })]) {
      const res = await graphqlRequest(h.url, '{ incomes { totalCount } }', {}, token);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const write = await graphqlRequest(h.url, CREATE, { input: salary }, token);
      expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await incomesIn(u.userId)).toBe(0);
  });
});
