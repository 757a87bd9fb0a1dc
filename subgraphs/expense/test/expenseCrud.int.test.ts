import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, graphqlRequest } from '@expensio/testing';
import { startExpenseSubgraph, type ExpenseHarness } from './harness.ts';

const FIELDS = `id title amount { amount currency minorUnits } categoryCode occurredAt mood cognitiveTriggers
  expenseType paymentMethod description notes tags merchant isRecurring version createdAt updatedAt user { id }`;
const CREATE = `mutation($input: CreateExpenseInput!) { createExpense(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateExpenseInput!, $v: Int) { updateExpense(id: $id, input: $input, expectedVersion: $v) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteExpense(id: $id) }`;
const GET = `query($id: ID!) { expense(id: $id) { ${FIELDS} } }`;

type Expense = { id: string; version: number; amount: { amount: string; currency: string; minorUnits: string }; [k: string]: unknown };

describe('expense subgraph: CRUD, events, idempotency, validation, authorization', () => {
  let h: ExpenseHarness;
  beforeAll(async () => {
    h = await startExpenseSubgraph();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('creates, reads, updates and deletes, with exactly one event per change carrying what consumers need', async () => {
    const ada = await h.registerUser({ baseCurrency: 'EUR', timeZone: 'Europe/Paris' });
    const created = dataOf(
      await ada.gql<{ createExpense: Expense }>(CREATE, {
        input: {
          title: 'Phone screen repair',
          amount: { amount: '250' },
          categoryCode: 'miscellaneous',
          occurredAt: '2026-11-20T10:00:00Z',
          mood: 'REGRETFUL',
          cognitiveTriggers: ['IMPULSE_BUYING', 'CONVENIENCE'],
          paymentMethod: 'CREDIT_CARD',
          notes: ['cracked again'],
          tags: ['phone'],
          merchant: 'FixIt',
        },
      }),
    ).createExpense;
    // Money defaults to the user's base currency; decimals follow the currency.
    expect(created.amount).toEqual({ amount: '250.00', currency: 'EUR', minorUnits: '25000' });
    expect(created).toMatchObject({ version: 1, mood: 'REGRETFUL', cognitiveTriggers: ['IMPULSE_BUYING', 'CONVENIENCE'], paymentMethod: 'CREDIT_CARD', expenseType: null, isRecurring: false, user: { id: ada.userId } });

    expect(dataOf(await ada.gql<{ expense: Expense }>(GET, { id: created.id })).expense).toEqual(created);

    const updated = dataOf(await ada.gql<{ updateExpense: Expense }>(UPDATE, { id: created.id, v: 1, input: { amount: { amount: '300' }, categoryCode: 'utilities' } })).updateExpense;
    expect(updated).toMatchObject({ version: 2, categoryCode: 'utilities', amount: { amount: '300.00' }, title: 'Phone screen repair' });

    expect(dataOf(await ada.gql<{ deleteExpense: boolean }>(DELETE, { id: created.id })).deleteExpense).toBe(true);
    expect(dataOf(await ada.gql<{ expense: Expense | null }>(GET, { id: created.id })).expense).toBeNull();

    await expect.poll(() => h.eventsOf(ada.userId).length, { timeout: 30_000 }).toBe(3);
    const [c, u, d] = h.eventsOf(ada.userId);
    expect(c?.type).toBe('EXPENSE_CREATED');
    expect(c?.data).toMatchObject({
      expenseId: created.id, userId: ada.userId, amount: { minor: 25_000, currency: 'EUR' }, categoryCode: 'miscellaneous',
      mood: 'regretful', cognitiveTriggers: ['impulseBuying', 'convenience'], paymentMethod: 'credit_card',
      timeZone: 'Europe/Paris', occurredAt: '2026-11-20T10:00:00.000Z', version: 1,
    });
    expect(u?.type).toBe('EXPENSE_UPDATED');
    if (u?.type !== 'EXPENSE_UPDATED') throw new Error('unreachable');
    expect(u.data.changedFields.toSorted()).toEqual(['amount', 'categoryCode']);
    expect(u.data.before.amount.minor).toBe(25_000);
    expect(u.data.after).toMatchObject({ amount: { minor: 30_000 }, categoryCode: 'utilities', version: 2 });
    expect(d?.type).toBe('EXPENSE_DELETED');
    if (d?.type !== 'EXPENSE_DELETED') throw new Error('unreachable');
    expect(d.data).toMatchObject({ version: 3, before: { version: 2, amount: { minor: 30_000 } } });
    // The tombstone leaves once its event is out.
    await expect.poll(() => h.db.collection('expenses').countDocuments({ userId: ada.userId }), { timeout: 10_000 }).toBe(0);
  });

  it('refuses a stale expectedVersion and changes nothing', async () => {
    const u = await h.registerUser();
    const e = dataOf(await u.gql<{ createExpense: Expense }>(CREATE, { input: { title: 'Coffee', amount: { amount: '3.20' }, categoryCode: 'food' } })).createExpense;
    dataOf(await u.gql(UPDATE, { id: e.id, v: 1, input: { title: 'Flat white' } }));
    const stale = await u.gql(UPDATE, { id: e.id, v: 1, input: { title: 'Espresso' } });
    expect(stale.errors?.[0]?.extensions?.code).toBe('VERSION_CONFLICT');
    expect(dataOf(await u.gql<{ expense: Expense }>(GET, { id: e.id })).expense).toMatchObject({ title: 'Flat white', version: 2 });
  });

  it('keeps one expense and one event for concurrent retries with the same idempotency key', async () => {
    const u = await h.registerUser();
    const input = { title: 'Groceries', amount: { amount: '42.10' }, categoryCode: 'food', idempotencyKey: 'form-submit-7' };
    const results = await Promise.all(Array.from({ length: 6 }, () => u.gql<{ createExpense: Expense }>(CREATE, { input })));
    const ids = new Set(results.map((r) => dataOf(r).createExpense.id));
    expect(ids.size).toBe(1);
    expect(await h.db.collection('expenses').countDocuments({ userId: u.userId })).toBe(1);
    // A later retry returns the original too
    expect(dataOf(await u.gql<{ createExpense: Expense }>(CREATE, { input })).createExpense.id).toBe([...ids][0]);
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1_500)); // nothing else trails behind
    expect(h.eventsOf(u.userId)).toHaveLength(1);
  });

  it.each([
    ['a currency that does not exist', { amount: { amount: '10', currency: 'XYZ' } }, 'input.amount.currency'],
    ['more decimals than the currency has', { amount: { amount: '10.001', currency: 'USD' } }, 'input.amount.amount'],
    ['decimals on yen', { amount: { amount: '10.5', currency: 'JPY' } }, 'input.amount.amount'],
    ['a negative amount', { amount: { amount: '-5' } }, 'input.amount.amount'],
    ['a zero amount', { amount: { amount: '0' } }, 'input.amount.amount'],
    ['a float-looking amount', { amount: { amount: '1e3' } }, 'input.amount.amount'],
    ['an empty title', { title: '   ' }, 'input.title'],
    ['a 201-character title', { title: 'x'.repeat(201) }, 'input.title'],
    ['an unknown category', { categoryCode: 'spaceTravel' }, 'input.categoryCode'],
    ['eleven notes', { notes: Array.from({ length: 11 }, (_, i) => `n${i}`) }, 'input.notes'],
    ['a 301-character note', { notes: ['x'.repeat(301)] }, 'input.notes[0]'],
    ['a date before 1970', { occurredAt: '1969-12-31T00:00:00Z' }, 'input.occurredAt'],
    ['a date years ahead', { occurredAt: '2099-01-01T00:00:00Z' }, 'input.occurredAt'],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing and publishing nothing', async (_, change, field) => {
    const u = await h.registerUser();
    const res = await u.gql(CREATE, { input: { title: 'Valid title', amount: { amount: '10' }, categoryCode: 'food', ...change } });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0]?.message).not.toMatch(/internal/i);
    expect(await h.db.collection('expenses').countDocuments({ userId: u.userId })).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.eventsOf(u.userId)).toHaveLength(0);
  });

  it('refuses an unknown mood or trigger at the schema', async () => {
    const u = await h.registerUser();
    const res = await u.gql(CREATE, { input: { title: 'x', amount: { amount: '1' }, categoryCode: 'food', mood: 'ECSTATIC' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const res2 = await u.gql(CREATE, { input: { title: 'x', amount: { amount: '1' }, categoryCode: 'food', cognitiveTriggers: ['BOREDOM'] } });
    expect(res2.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("never lets a user read, change or delete another user's expense", async () => {
    const owner = await h.registerUser();
    const other = await h.registerUser();
    const e = dataOf(await owner.gql<{ createExpense: Expense }>(CREATE, { input: { title: 'Rent', amount: { amount: '900' }, categoryCode: 'housing' } })).createExpense;

    expect(dataOf(await other.gql<{ expense: Expense | null }>(GET, { id: e.id })).expense).toBeNull();
    expect((await other.gql(UPDATE, { id: e.id, input: { title: 'Mine now' } })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await other.gql(DELETE, { id: e.id })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = dataOf(await other.gql<{ expenses: { totalCount: number } }>('{ expenses { totalCount } }'));
    expect(list.expenses.totalCount).toBe(0);
    const entity = await other.gql<{ _entities: unknown[] }>('query($r: [_Any!]!) { _entities(representations: $r) { ... on Expense { id title } } }', {
      r: [{ __typename: 'Expense', id: e.id }],
    });
    expect(entity.data?._entities).toEqual([null]);
    const viaUser = await other.gql('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { expenses { totalCount } } } }', {
      r: [{ __typename: 'User', id: owner.userId }],
    });
    expect(viaUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // The owner's expense is untouched
    expect(dataOf(await owner.gql<{ expense: Expense }>(GET, { id: e.id })).expense).toMatchObject({ title: 'Rent', version: 1 });
  });

  it('resolves many references in one _entities call, in order, only for their owner', async () => {
    const owner = await h.registerUser();
    const other = await h.registerUser();
    const make = async (u: typeof owner, title: string) =>
      dataOf(await u.gql<{ createExpense: Expense }>(CREATE, { input: { title, amount: { amount: '5' }, categoryCode: 'food' } })).createExpense.id;
    const [a, b, c] = [await make(owner, 'A'), await make(owner, 'B'), await make(owner, 'C')];
    const foreign = await make(other, 'Not yours');
    const res = await owner.gql<{ _entities: ({ title: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Expense { title } } }',
      { r: [a, foreign, b, 'not-an-id', '0123456789abcdef01234567', c, a].map((id) => ({ __typename: 'Expense', id })) },
    );
    expect(dataOf(res)._entities).toEqual([{ title: 'A' }, null, { title: 'B' }, null, null, { title: 'C' }, { title: 'A' }]);
  });

  it('refuses a missing, forged or expired token with UNAUTHENTICATED', async () => {
    const u = await h.registerUser();
    const anonymous = await graphqlRequest(h.url, '{ expenses { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphqlRequest(h.url, '{ expenses { totalCount } }', {}, await h.auth.forgedToken(u.userId));
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const expired = await graphqlRequest(h.url, '{ expenses { totalCount } }', {}, await h.auth.token(u.userId, { expiresInSeconds: -60 }));
    expect(expired.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
