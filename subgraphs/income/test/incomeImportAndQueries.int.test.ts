import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, type TestUser } from '@expensio/testing';
import { startIncomeSubgraph, type IncomeHarness } from './harness.ts';

const IMPORT = `mutation($csv: String!, $mapping: [ColumnMappingInput!]) {
  importIncomes(csv: $csv, mapping: $mapping) { jobId status totalRows processedRows imported duplicates errors { row field reason } } }`;
const JOB = `query($id: ID!) { incomeImportJob(id: $id) { jobId status totalRows processedRows imported duplicates } }`;
const EXPORT = `query($format: ExportFormat!, $filter: IncomeFilter) { exportIncomes(format: $format, filter: $filter) { format filename contentType content rowCount } }`;
const LIST = `query($filter: IncomeFilter, $first: Int, $after: String, $orderBy: IncomeOrder) {
  incomes(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title receivedAt amount { amount } } } } }`;
const BATCH = 'mutation($inputs: [CreateIncomeInput!]!) { createIncomes(inputs: $inputs) { id } }';

type Report = { jobId: string | null; status: string; totalRows: number; processedRows: number; imported: number; duplicates: number; errors: { row: number; field: string; reason: string }[] };
type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string; title: string; receivedAt: string; amount: { amount: string } } }[] };

const FILE = [
  'Date,Source,Amount,Currency,Category,Type,Tags,Recurring',
  '2026-09-30,ACME payroll,"3,000.00",EUR,Salary and wages,primary,work,yes',
  '2026-10-05,Dividends,120.5,EUR,investmentIncome,SECONDARY,stocks|etf,no',
  '2026-10-06,Broken amount,abc,EUR,salaryWages,primary,,no',
  '2026-10-07,Unknown category,10,EUR,lottery,unknown,,no',
  '2026-10-08,Unclear recurrence,10,EUR,royalties,unknown,,maybe',
  '2026-10-09,Refund,3.50,EUR,miscellaneousIncome,settlement,,no',
  '2026-10-09,Refund,3.50,EUR,miscellaneousIncome,settlement,,no',
].join('\n');

describe('income subgraph: import, export, categories, pagination, deletion', () => {
  let h: IncomeHarness;
  beforeAll(async () => {
    // A job from 100 valid rows on (500 in production), so a "large" file stays quick on FerretDB.
    h = await startIncomeSubgraph({ importSyncRows: 100 });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('imports the valid rows, reports the invalid ones, and creates nothing on re-import', async () => {
    const u = await h.registerUser({ baseCurrency: 'EUR', timeZone: 'Europe/Berlin' });
    const first = dataOf(await u.gql<{ importIncomes: Report }>(IMPORT, { csv: FILE })).importIncomes;
    expect(first).toMatchObject({ jobId: null, status: 'COMPLETED', totalRows: 7, processedRows: 7, imported: 4, duplicates: 0 });
    expect(first.errors.map(({ row, field }) => ({ row, field }))).toEqual([
      { row: 4, field: 'amount' },
      { row: 5, field: 'categoryCode' },
      { row: 6, field: 'isRecurring' },
    ]);
    const again = dataOf(await u.gql<{ importIncomes: Report }>(IMPORT, { csv: FILE })).importIncomes;
    expect(again).toMatchObject({ imported: 0, duplicates: 4, errors: first.errors });

    const page = dataOf(await u.gql<{ incomes: Page }>(LIST, { orderBy: 'RECEIVED_AT_ASC' })).incomes;
    expect(page.totalCount).toBe(4);
    expect(page.edges.map((e) => [e.node.title, e.node.amount.amount])).toEqual([
      ['ACME payroll', '3000.00'], ['Dividends', '120.50'], ['Refund', '3.50'], ['Refund', '3.50'],
    ]);
    // A date without a time is noon in the user's zone.
    expect(page.edges[0]!.node.receivedAt).toBe('2026-09-30T10:00:00.000Z');
    const payroll = await h.db.collection('incomes').findOne({ userId: u.userId, title: 'ACME payroll' });
    expect(payroll).toMatchObject({ categoryCode: 'salaryWages', incomeType: 'primary', tags: ['work'], isRecurring: true, source: 'import' });
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(4);
  });

  it('takes a column mapping, and refuses an unknown field or column', async () => {
    const u = await h.registerUser();
    const csv = 'Booked,Client,Paid\n2026-01-15,Client A,800\n';
    const mapping = [{ field: 'title', column: 'Client' }, { field: 'amount', column: 'Paid' }, { field: 'receivedAt', column: 'Booked' }];
    const mapped = dataOf(await u.gql<{ importIncomes: Report }>(IMPORT, { csv, mapping })).importIncomes;
    expect(mapped).toMatchObject({ imported: 1, errors: [] });
    expect(await h.db.collection('incomes').findOne({ userId: u.userId })).toMatchObject({ title: 'Client A', amount: { minor: 80_000 } });
    const badField = await u.gql(IMPORT, { csv, mapping: [{ field: 'mood', column: 'Gross' }] });
    expect(badField.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mapping[0].field' });
    const badColumn = await u.gql(IMPORT, { csv, mapping: [{ field: 'amount', column: 'Net' }] });
    expect(badColumn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mapping[0].column' });
    expect((await u.gql(IMPORT, { csv: 'Date,Note\n2026-01-01,x' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mapping' });
  });

  it('exports CSV and JSON, and an exported CSV imports back as the same incomes', async () => {
    const u = await h.registerUser({ baseCurrency: 'USD' });
    dataOf(await u.gql(BATCH, { inputs: [
      { title: 'Salary, November', amount: { amount: '4200' }, categoryCode: 'salaryWages', receivedAt: '2026-11-01T09:00:00Z', incomeType: 'PRIMARY', tags: ['work'], isRecurring: true },
      { title: 'Interest "savings"', amount: { amount: '12.34' }, categoryCode: 'investmentIncome', receivedAt: '2026-11-02T09:00:00Z', notes: ['bank A'] },
      { title: 'Yen royalties', amount: { amount: '1500', currency: 'JPY' }, categoryCode: 'royalties', receivedAt: '2026-11-03T09:00:00Z' },
    ] }));
    const csv = dataOf(await u.gql<{ exportIncomes: { content: string; rowCount: number; filename: string; contentType: string } }>(EXPORT, { format: 'CSV' })).exportIncomes;
    expect(csv).toMatchObject({ rowCount: 3, contentType: 'text/csv; charset=utf-8' });
    expect(csv.filename).toMatch(/^incomes-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.content.split('\r\n')[0]).toBe('id,receivedAt,title,amount,currency,categoryCode,incomeType,tags,notes,description,isRecurring,version,createdAt');
    const json = JSON.parse(dataOf(await u.gql<{ exportIncomes: { content: string } }>(EXPORT, { format: 'JSON', filter: { categoryCodes: ['royalties'] } })).exportIncomes.content);
    expect(json).toEqual([expect.objectContaining({ title: 'Yen royalties', amount: { amount: '1500', currency: 'JPY', minorUnits: '1500' } })]);

    const twin = await h.registerUser({ baseCurrency: 'EUR' });
    expect(dataOf(await twin.gql<{ importIncomes: Report }>(IMPORT, { csv: csv.content })).importIncomes).toMatchObject({ imported: 3, errors: [] });
    const shape = async (who: TestUser) =>
      (await h.db.collection('incomes').find({ userId: who.userId }).sort({ receivedAt: 1 }).toArray()).map((d) => [d.title, d.amount, d.receivedAt, d.categoryCode, d.incomeType, d.tags, d.notes, d.isRecurring]);
    expect(await shape(twin)).toEqual(await shape(u));
  });

  it('pages through incomes with totalCount and cursors, under every filter', async () => {
    const u = await h.registerUser({ baseCurrency: 'EUR' });
    dataOf(await u.gql(BATCH, { inputs: Array.from({ length: 25 }, (_, i) => ({
      title: i % 5 === 0 ? `Consulting job ${i}` : `Payment ${i}`,
      amount: { amount: `${100 + i}` },
      categoryCode: i % 2 ? 'freelanceContractIncome' : 'salaryWages',
      incomeType: i % 3 ? 'PRIMARY' : 'SECONDARY',
      receivedAt: new Date(Date.UTC(2026, 0, 1 + i, 12)).toISOString(),
      tags: i < 4 ? ['early'] : [],
      isRecurring: i % 4 === 0,
    })) }));
    const list = async (vars: Record<string, unknown>) => dataOf(await u.gql<{ incomes: Page }>(LIST, vars)).incomes;

    const seen: string[] = [];
    let after: string | null = null;
    for (let pageNo = 0; pageNo < 3; pageNo++) {
      const page: Page = await list({ first: 10, after });
      expect(page.totalCount).toBe(25);
      seen.push(...page.edges.map((e) => e.node.title));
      expect(page.pageInfo.hasNextPage).toBe(pageNo < 2);
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen[0]).toBe('Payment 24'); // newest first by default
    const byAmount = await list({ first: 3, orderBy: 'AMOUNT_ASC' });
    expect(byAmount.edges.map((e) => e.node.amount.amount)).toEqual(['100.00', '101.00', '102.00']);
    const next = await list({ first: 3, orderBy: 'AMOUNT_ASC', after: byAmount.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.amount.amount)).toEqual(['103.00', '104.00', '105.00']);

    const count = async (filter: Record<string, unknown>) => (await list({ filter, first: 1 })).totalCount;
    expect(await count({ from: '2026-01-05T00:00:00Z', to: '2026-01-10T00:00:00Z' })).toBe(5);
    expect(await count({ categoryCodes: ['freelanceContractIncome'] })).toBe(12);
    expect(await count({ incomeTypes: ['SECONDARY'] })).toBe(9);
    expect(await count({ tags: ['early'] })).toBe(4);
    expect(await count({ minAmount: '110', maxAmount: '114.99' })).toBe(5);
    expect(await count({ minAmount: '110', currency: 'USD' })).toBe(0);
    expect(await count({ search: 'consulting' })).toBe(5);
    expect(await count({ isRecurring: true })).toBe(7);
    expect(await count({ categoryCodes: ['salaryWages'], incomeTypes: ['PRIMARY'], isRecurring: false })).toBe(4);
    expect((await u.gql(LIST, { after: 'not-a-cursor' })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await u.gql(LIST, { first: 101 })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('lets users add, rename and archive their categories; archived ones take no new incomes', async () => {
    const u = await h.registerUser();
    const vocab = dataOf(await u.gql<{ incomeCategories: { code: string; isBuiltIn: boolean }[]; incomeTypes: { incomeType: string }[] }>('{ incomeCategories { code isBuiltIn } incomeTypes { incomeType } }'));
    expect(vocab.incomeCategories).toHaveLength(15);
    expect(vocab.incomeCategories.every((c) => c.isBuiltIn)).toBe(true);
    expect(vocab.incomeTypes.map((t) => t.incomeType)).toEqual(['PRIMARY', 'SECONDARY', 'SETTLEMENT', 'UNKNOWN']);

    const made = dataOf(await u.gql<{ createIncomeCategory: { code: string; color: string } }>('mutation { createIncomeCategory(input: { name: "Tutoring lessons", color: "#123abc" }) { code color } }'));
    expect(made.createIncomeCategory).toEqual({ code: 'tutoringLessons', color: '#123abc' });
    expect((await u.gql('mutation { createIncomeCategory(input: { name: "Tutoring lessons" }) { code } }')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await u.gql('mutation { renameIncomeCategory(code: "royalties", name: "Mine") { code } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const CREATE = 'mutation($input: CreateIncomeInput!) { createIncome(input: $input) { id categoryCode version } }';
    const lesson = dataOf(await u.gql<{ createIncome: { id: string } }>(CREATE, { input: { title: 'Maths lesson', amount: { amount: '40' }, categoryCode: 'tutoringLessons' } })).createIncome;
    const renamed = dataOf(await u.gql<{ renameIncomeCategory: { name: string } }>('mutation { renameIncomeCategory(code: "tutoringLessons", name: "Tutoring") { name } }'));
    expect(renamed.renameIncomeCategory.name).toBe('Tutoring');
    dataOf(await u.gql('mutation { archiveIncomeCategory(code: "tutoringLessons") { isArchived } }'));
    const active = dataOf(await u.gql<{ incomeCategories: { code: string }[] }>('{ incomeCategories { code } }')).incomeCategories;
    expect(active.map((c) => c.code)).not.toContain('tutoringLessons');
    const all = dataOf(await u.gql<{ incomeCategories: { code: string; isArchived: boolean }[] }>('{ incomeCategories(includeArchived: true) { code isArchived } }')).incomeCategories;
    expect(all).toContainEqual({ code: 'tutoringLessons', isArchived: true });
    const refused = await u.gql(CREATE, { input: { title: 'Physics lesson', amount: { amount: '40' }, categoryCode: 'tutoringLessons' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.categoryCode' });
    // The income recorded before keeps its category through other changes.
    const kept = await u.gql<{ updateIncome: { categoryCode: string; version: number } }>('mutation($id: ID!) { updateIncome(id: $id, input: { title: "Maths lessons" }) { categoryCode version } }', { id: lesson.id });
    expect(dataOf(kept).updateIncome).toEqual({ categoryCode: 'tutoringLessons', version: 2 });
  });

  it('purges the user on USER_DELETION_REQUESTED naming income, and answers USER_DATA_PURGED with counts', async () => {
    const u = await h.registerUser();
    dataOf(await u.gql(BATCH, { inputs: [1, 2, 3].map((n) => ({ title: `Income ${n}`, amount: { amount: `${n}0` }, categoryCode: 'commissions' })) }));
    dataOf(await u.gql('mutation { createIncomeCategory(input: { name: "Busking" }) { code } }'));
    const bystander = await h.registerUser();
    dataOf(await bystander.gql(BATCH, { inputs: [{ title: 'Stays', amount: { amount: '1' }, categoryCode: 'commissions' }] }));
    await expect.poll(() => h.eventsOf(u.userId).length, { timeout: 30_000 }).toBe(3);

    const sagaId = await h.requestDeletion(u.userId, ['expense', 'income']);
    await expect.poll(() => h.userEventsOf(u.userId).find((e) => e.type === 'USER_DATA_PURGED'), { timeout: 30_000 }).toBeTruthy();
    const purged = h.userEventsOf(u.userId).find((e) => e.type === 'USER_DATA_PURGED');
    expect(purged?.data).toEqual({ userId: u.userId, sagaId, service: 'income', counts: { incomes: 3, categories: 1, importJobs: 0, profiles: 1 } });
    expect(await h.db.collection('incomes').countDocuments({ userId: u.userId })).toBe(0);
    expect(await h.db.collection('income_categories').countDocuments({ userId: u.userId })).toBe(0);
    expect(await h.db.collection('user_profiles').countDocuments({ _id: u.userId as never })).toBe(0);
    expect(await h.db.collection('incomes').countDocuments({ userId: bystander.userId })).toBe(1);
  });

  it('runs a large import as a job whose progress can be queried; only its owner sees it', async () => {
    const [u, other] = [await h.registerUser(), await h.registerUser()];
    const rows = Array.from({ length: 160 }, (_, i) => `2026-0${1 + (i % 9)}-1${i % 10},Gig ${i},${10 + i}.25,sideHustles`);
    const started = dataOf(await u.gql<{ importIncomes: Report }>(IMPORT, { csv: ['date,title,amount,category', ...rows].join('\n') })).importIncomes;
    expect(started).toMatchObject({ status: 'RUNNING', totalRows: 160 });
    expect(started.jobId).toBeTruthy();
    await expect
      .poll(async () => dataOf(await u.gql<{ incomeImportJob: Report }>(JOB, { id: started.jobId })).incomeImportJob, { timeout: 45_000, interval: 500 })
      .toMatchObject({ status: 'COMPLETED', processedRows: 160, imported: 160, duplicates: 0 });
    expect((await other.gql(JOB, { id: started.jobId })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
