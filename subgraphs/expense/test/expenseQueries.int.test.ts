import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, type TestUser } from '@expensio/testing';
import { startExpenseSubgraph, type ExpenseHarness } from './harness.ts';

const BATCH = 'mutation($inputs: [CreateExpenseInput!]!) { createExpenses(inputs: $inputs) { id title version } }';
const LIST = `query($filter: ExpenseFilter, $first: Int, $after: String, $orderBy: ExpenseOrder) {
  expenses(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title amount { amount } occurredAt } } } }`;
const IMPORT = `mutation($csv: String!, $mapping: [ColumnMappingInput!]) {
  importExpenses(csv: $csv, mapping: $mapping) { jobId status totalRows processedRows imported duplicates errors { row field reason } } }`;
const EXPORT = `query($format: ExportFormat!, $filter: ExpenseFilter) { exportExpenses(format: $format, filter: $filter) { filename contentType content rowCount } }`;

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { title: string; amount: { amount: string } } }[] };
type Report = { jobId: string | null; status: string; totalRows: number; imported: number; duplicates: number; errors: { row: number; field: string; reason: string }[] };

const MOODS = ['HAPPY', 'NEUTRAL', 'REGRETFUL'] as const;

describe('expense subgraph: lists, batches, categories, import and export, deletion', () => {
  let h: ExpenseHarness;
  beforeAll(async () => {
    // A job from 100 valid rows on (500 in production), so a "large" file stays quick on FerretDB.
    h = await startExpenseSubgraph({ importSyncRows: 100 });
  });
  afterAll(async () => {
    await h.stop();
  });
  const stored = (u: TestUser) => h.db.collection('expenses').countDocuments({ userId: u.userId });

  it('pages through expenses with totalCount and cursors, and filters by every criterion', async () => {
    const u = await h.registerUser({ baseCurrency: 'GBP' });
    // Day i of March at noon UTC; one expense in yen.
    dataOf(await u.gql(BATCH, { inputs: Array.from({ length: 30 }, (_, i) => ({
      title: i % 6 === 0 ? `Train ticket ${i}` : `Lunch ${i}`,
      amount: i === 29 ? { amount: '900', currency: 'JPY' } : { amount: `${5 + i}.50` },
      categoryCode: i % 3 === 0 ? 'transportation' : 'food',
      occurredAt: new Date(Date.UTC(2026, 2, 1 + i, 12)).toISOString(),
      mood: MOODS[i % 3],
      cognitiveTriggers: i % 5 === 0 ? ['HABITUAL_PURCHASING', 'CONVENIENCE'] : i % 5 === 1 ? ['IMPULSE_BUYING'] : [],
      paymentMethod: i % 2 ? 'CASH' : 'DEBIT_CARD',
      tags: i >= 25 ? ['holiday'] : [],
      notes: i === 7 ? ['with the Lisbon team'] : [],
      merchant: i % 4 === 0 ? 'Station kiosk' : null,
    })) }));
    const list = async (vars: Record<string, unknown>) => dataOf(await u.gql<{ expenses: Page }>(LIST, vars)).expenses;

    const titles: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await list({ first: 7, after, orderBy: 'OCCURRED_AT_ASC' });
      expect(page.totalCount).toBe(30);
      titles.push(...page.edges.map((e) => e.node.title));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(titles).toEqual(Array.from({ length: 30 }, (_, i) => (i % 6 === 0 ? `Train ticket ${i}` : `Lunch ${i}`)));
    const biggest = await list({ first: 2, orderBy: 'AMOUNT_DESC', filter: { currency: 'GBP' } });
    expect(biggest.edges.map((e) => e.node.amount.amount)).toEqual(['33.50', '32.50']);
    expect(biggest.totalCount).toBe(29);

    const count = async (filter: Record<string, unknown>) => (await list({ filter, first: 1 })).totalCount;
    expect(await count({ from: '2026-03-10T00:00:00Z', to: '2026-03-20T00:00:00Z' })).toBe(10);
    expect(await count({ categoryCodes: ['transportation'] })).toBe(10);
    expect(await count({ moods: ['REGRETFUL'] })).toBe(10);
    expect(await count({ moods: ['HAPPY', 'NEUTRAL'] })).toBe(20);
    expect(await count({ cognitiveTriggers: ['CONVENIENCE'] })).toBe(6);
    expect(await count({ cognitiveTriggers: ['CONVENIENCE', 'IMPULSE_BUYING'] })).toBe(12);
    expect(await count({ tags: ['holiday'] })).toBe(5);
    expect(await count({ paymentMethods: ['CASH'] })).toBe(15);
    expect(await count({ minAmount: '10', maxAmount: '14.50' })).toBe(5);
    expect(await count({ minAmount: '100', currency: 'JPY' })).toBe(1);
    expect(await count({ search: 'TRAIN' })).toBe(5);
    expect(await count({ search: 'lisbon' })).toBe(1);
    expect(await count({ search: 'kiosk' })).toBe(8);
    expect(await count({ categoryCodes: ['food'], moods: ['NEUTRAL'], tags: ['holiday'] })).toBe(2);
    expect((await u.gql(LIST, { filter: { minAmount: '1.234' } })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.minAmount' });
    expect((await u.gql(LIST, { after: 'bm9wZQ' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('creates a batch all or nothing, up to 500', async () => {
    const u = await h.registerUser();
    const valid = (i: number) => ({ title: `Item ${i}`, amount: { amount: '2' }, categoryCode: 'miscellaneous' });
    const oneBad = await u.gql(BATCH, { inputs: [valid(0), valid(1), { ...valid(2), categoryCode: 'spaceTravel' }] });
    expect(oneBad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs[2].categoryCode' });
    const tooMany = await u.gql(BATCH, { inputs: Array.from({ length: 501 }, (_, i) => valid(i)) });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'inputs' });
    expect(await stored(u)).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.eventsOf(u.userId)).toHaveLength(0);
    const made = dataOf(await u.gql<{ createExpenses: { title: string; version: number }[] }>(BATCH, { inputs: Array.from({ length: 25 }, (_, i) => valid(i)) })).createExpenses;
    expect(made.map((e) => e.title)).toEqual(Array.from({ length: 25 }, (_, i) => `Item ${i}`));
    expect(dataOf(await u.gql<{ createExpenses: unknown[] }>(BATCH, { inputs: [] })).createExpenses).toEqual([]);
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(25);
  });

  it('lets users add, rename and archive their own categories; an archived one takes no new expenses', async () => {
    const u = await h.registerUser();
    const stranger = await h.registerUser();
    const CATS = '{ expenseCategories(includeArchived: true) { code name isBuiltIn isArchived } }';
    const builtIns = dataOf(await u.gql<{ expenseCategories: { isBuiltIn: boolean }[] }>(CATS)).expenseCategories;
    expect(builtIns).toHaveLength(14);
    const made = dataOf(await u.gql<{ createExpenseCategory: Record<string, unknown> }>('mutation { createExpenseCategory(input: { name: "Kids\' stuff", icon: "teddy" }) { code name icon color isBuiltIn isArchived } }'));
    expect(made.createExpenseCategory).toEqual({ code: 'kidsStuff', name: "Kids' stuff", icon: 'teddy', color: '#607d8b', isBuiltIn: false, isArchived: false });
    expect((await u.gql('mutation { createExpenseCategory(input: { name: "x", code: "Bad Code" }) { code } }')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.code' });
    expect((await u.gql('mutation { createExpenseCategory(input: { name: "Food again", code: "food" }) { code } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await u.gql('mutation { archiveExpenseCategory(code: "pets") { code } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stranger.gql('mutation { renameExpenseCategory(code: "kidsStuff", name: "Mine") { code } }')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const CREATE = 'mutation($input: CreateExpenseInput!) { createExpense(input: $input) { id categoryCode } }';
    const toy = dataOf(await u.gql<{ createExpense: { id: string } }>(CREATE, { input: { title: 'Lego', amount: { amount: '30' }, categoryCode: 'kidsStuff' } })).createExpense;
    expect((await stranger.gql(CREATE, { input: { title: 'Lego', amount: { amount: '30' }, categoryCode: 'kidsStuff' } })).errors?.[0]?.extensions).toMatchObject({ field: 'input.categoryCode' });
    expect(dataOf(await u.gql<{ renameExpenseCategory: { name: string } }>('mutation { renameExpenseCategory(code: "kidsStuff", name: "Children") { name } }')).renameExpenseCategory.name).toBe('Children');
    expect(dataOf(await u.gql<{ archiveExpenseCategory: { isArchived: boolean } }>('mutation { archiveExpenseCategory(code: "kidsStuff") { isArchived } }')).archiveExpenseCategory.isArchived).toBe(true);
    const offered = dataOf(await u.gql<{ expenseCategories: { code: string }[] }>('{ expenseCategories { code } }')).expenseCategories.map((c) => c.code);
    expect(offered).not.toContain('kidsStuff');
    expect(dataOf(await u.gql<{ expenseCategories: { code: string; name: string; isArchived: boolean }[] }>(CATS)).expenseCategories).toContainEqual(
      expect.objectContaining({ code: 'kidsStuff', name: 'Children', isArchived: true }),
    );
    const refused = await u.gql(CREATE, { input: { title: 'Crayons', amount: { amount: '4' }, categoryCode: 'kidsStuff' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.categoryCode' });
    // The expense recorded before keeps its archived category.
    const kept = await u.gql<{ updateExpense: { categoryCode: string } }>('mutation($id: ID!) { updateExpense(id: $id, input: { amount: { amount: "35" } }) { categoryCode } }', { id: toy.id });
    expect(dataOf(kept).updateExpense.categoryCode).toBe('kidsStuff');
  });

  it('imports CSV with a report, creates no duplicates on re-import, and round-trips an export', async () => {
    const u = await h.registerUser({ baseCurrency: 'USD', timeZone: 'America/New_York' });
    const csv = [
      'Date,Item,Cost,Category,Mood,Triggers,Paid with,Store,Tags,Notes',
      '2026-04-01,Groceries,"$1,204.10",Food,happy,habitual purchasing|convenience,Debit card,Market,"home, weekly",big shop',
      '2026-04-02,Cinema,12,entertainmentAndRecreation,NEUTRAL,,cash,,,',
      '2026-04-03,Mystery,12,notACategory,,,,,,',
      '2026-04-04,Gadget,99.999,miscellaneous,,,,,,',
      '2026-04-05,Sad lunch,8,food,gloomy,,,,,',
      '2026-04-06,Snack,3,food,,envy,,,,',
      '2026-04-07,,3,food,,,,,,',
      '2026-04-08,Coffee,3,food,,,,,,',
      '2026-04-08,Coffee,3,food,,,,,,',
    ].join('\r\n');
    const first = dataOf(await u.gql<{ importExpenses: Report }>(IMPORT, { csv })).importExpenses;
    expect(first).toMatchObject({ jobId: null, status: 'COMPLETED', totalRows: 9, imported: 4, duplicates: 0 });
    expect(first.errors.map(({ row, field }) => [row, field])).toEqual([[4, 'categoryCode'], [5, 'amount'], [6, 'mood'], [7, 'cognitiveTriggers'], [8, 'title']]);
    expect(first.errors[0]!.reason).toMatch(/notACategory/);
    const again = dataOf(await u.gql<{ importExpenses: Report }>(IMPORT, { csv })).importExpenses;
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });
    expect(await stored(u)).toBe(4);
    const groceries = await h.db.collection('expenses').findOne({ userId: u.userId, title: 'Groceries' });
    expect(groceries).toMatchObject({
      amount: { minor: 120_410, currency: 'USD' }, categoryCode: 'food', mood: 'happy', cognitiveTriggers: ['habitualPurchasing', 'convenience'],
      paymentMethod: 'debit_card', merchant: 'Market', tags: ['home', 'weekly'], notes: ['big shop'], source: 'import',
      occurredAt: new Date('2026-04-01T16:00:00Z'), // noon in New York (EDT)
    });
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(4);

    const exported = dataOf(await u.gql<{ exportExpenses: { content: string; rowCount: number; filename: string } }>(EXPORT, { format: 'CSV' })).exportExpenses;
    expect(exported.rowCount).toBe(4);
    expect(exported.filename).toMatch(/^expenses-\d{4}-\d{2}-\d{2}\.csv$/);
    const twin = await h.registerUser({ baseCurrency: 'EUR', timeZone: 'Asia/Tokyo' });
    expect(dataOf(await twin.gql<{ importExpenses: Report }>(IMPORT, { csv: exported.content })).importExpenses).toMatchObject({ imported: 4, errors: [] });
    const shape = async (who: TestUser) =>
      (await h.db.collection('expenses').find({ userId: who.userId }).sort({ occurredAt: 1, title: 1 }).toArray()).map(
        ({ title, amount, occurredAt, categoryCode, mood, cognitiveTriggers, expenseType, paymentMethod, merchant, tags, notes, description, isRecurring }) =>
          ({ title, amount, occurredAt, categoryCode, mood, cognitiveTriggers, expenseType, paymentMethod, merchant, tags, notes, description, isRecurring }),
      );
    expect(await shape(twin)).toEqual(await shape(u));

    const json = JSON.parse(dataOf(await u.gql<{ exportExpenses: { content: string } }>(EXPORT, { format: 'JSON', filter: { moods: ['NEUTRAL'] } })).exportExpenses.content);
    expect(json).toEqual([expect.objectContaining({ title: 'Cinema', amount: { amount: '12.00', currency: 'USD', minorUnits: '1200' }, mood: 'neutral', paymentMethod: 'cash' })]);
  });

  it('purges the user on USER_DELETION_REQUESTED naming expense, and answers USER_DATA_PURGED with counts', async () => {
    const u = await h.registerUser();
    const bystander = await h.registerUser();
    dataOf(await u.gql(BATCH, { inputs: [1, 2].map((n) => ({ title: `Thing ${n}`, amount: { amount: '5' }, categoryCode: 'pets' })) }));
    dataOf(await u.gql('mutation { createExpenseCategory(input: { name: "Garden" }) { code } }'));
    dataOf(await u.gql(IMPORT, { csv: 'title,amount\nSeeds,3\n' }));
    dataOf(await bystander.gql(BATCH, { inputs: [{ title: 'Stays', amount: { amount: '1' }, categoryCode: 'pets' }] }));
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(3);

    // A saga without expense among its participants leaves the data alone.
    await h.requestDeletion(u.userId, ['income']);
    const sagaId = await h.requestDeletion(u.userId, ['user', 'expense', 'income']);
    await expect.poll(() => h.userEventsOf(u.userId).filter((e) => e.type === 'USER_DATA_PURGED'), { timeout: 30_000 }).toHaveLength(1);
    expect(h.userEventsOf(u.userId).find((e) => e.type === 'USER_DATA_PURGED')?.data).toEqual({
      userId: u.userId,
      sagaId,
      service: 'expense',
      counts: { expenses: 3, categories: 1, importJobs: 0, profiles: 1 },
    });
    expect(await stored(u)).toBe(0);
    expect(await h.db.collection('expense_categories').countDocuments({ userId: u.userId })).toBe(0);
    expect(await stored(bystander)).toBe(1);
  });

  // Last: its outbox keeps a busy FerretDB occupied for a while after the job completes.
  it('runs a large import as a job and reports its progress', async () => {
    const u = await h.registerUser();
    const rows = Array.from({ length: 130 }, (_, i) => `Bus fare ${i},2.${String(i % 100).padStart(2, '0')},transportation`);
    const started = dataOf(await u.gql<{ importExpenses: Report }>(IMPORT, { csv: ['title,amount,category', ...rows, 'Broken,abc,food'].join('\n') })).importExpenses;
    expect(started).toMatchObject({ status: 'RUNNING', totalRows: 131, errors: [{ row: 132, field: 'amount' }] });
    await expect
      .poll(async () => dataOf(await u.gql<{ importJob: Report }>('query($id: ID!) { importJob(id: $id) { status imported duplicates } }', { id: started.jobId })).importJob, { timeout: 45_000, interval: 500 })
      .toEqual({ status: 'COMPLETED', imported: 130, duplicates: 0 });
  });
});
