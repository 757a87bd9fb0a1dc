// The resolvers of a record subgraph's common operations, named after its entity. For the entity
// `Income` (plural `Incomes`) they are:
//   Query     income(id), incomes(filter, first, after, orderBy), incomeCategories(includeArchived),
//             exportIncomes(format, filter), importJob(id) (or the name given)
//   Mutation  createIncome, createIncomes, updateIncome, deleteIncome, createIncomeCategory,
//             renameIncomeCategory, archiveIncomeCategory, importIncomes(csv, mapping)
//   User      incomes (federation: only the caller's own, another user's is FORBIDDEN)
//   Income    id, amount, user, __resolveReference (only the owner gets it)
// Every operation requires a verified user and is scoped to that user.
import { createBatchLoader } from './batchLoader.ts';
import { forbidden } from './errors.ts';
import { requireUser, type AuthenticatedUser } from './auth.ts';
import type { CategoryStore, NewCategoryInput } from './categoryStore.ts';
import type { ColumnMapping, CsvImporter } from './csvImporter.ts';
import { exportFile, type ExportFormat, type ExportShape } from './exportFile.ts';
import { toMoney, type MoneyValue } from './money.ts';
import type { ListArgs, Provenance, RecordDoc } from './recordStore.ts';

/** What the resolvers call on the record store (see createRecordStore). */
interface Records<Doc, NewInput, ChangeInput, FilterInput, Order> {
  get(userId: string, id: string): Promise<Doc | null>;
  getMany(userId: string, ids: readonly string[]): Promise<Map<string, Doc>>;
  create(userId: string, input: NewInput, provenance?: Provenance): Promise<Doc>;
  createMany(userId: string, inputs: readonly NewInput[], provenance?: Provenance): Promise<Doc[]>;
  update(userId: string, id: string, input: ChangeInput, expectedVersion?: number | null): Promise<Doc>;
  remove(userId: string, id: string): Promise<boolean>;
  list(userId: string, args: ListArgs<FilterInput, Order>): Promise<unknown>;
  all(userId: string, filter?: FilterInput | null): Promise<Doc[]>;
}

export interface RecordResolversOptions<Ctx, Doc, NewInput, ChangeInput, FilterInput, Order> {
  /** The GraphQL type, e.g. `Income`. */
  entity: string;
  /** Its plural, e.g. `Incomes`. */
  plural: string;
  records: (ctx: Ctx) => Records<Doc, NewInput, ChangeInput, FilterInput, Order>;
  categories: (ctx: Ctx) => CategoryStore;
  importer: (ctx: Ctx) => CsvImporter;
  /** The export's columns and JSON shape. */
  exportShape: ExportShape<Doc>;
  /**
   * The query of an import job's progress. Default `importJob` (expense's); another subgraph names
   * its own (`incomeImportJob`): a root field of two subgraphs would be routed to either one.
   */
  importJobQuery?: string;
}

const lower = (s: string) => s[0]!.toLowerCase() + s.slice(1);

export function recordResolvers<
  Ctx extends { user: AuthenticatedUser | undefined },
  Doc extends RecordDoc & { amount: MoneyValue },
  NewInput,
  ChangeInput,
  FilterInput,
  Order,
>(o: RecordResolversOptions<Ctx, Doc, NewInput, ChangeInput, FilterInput, Order>) {
  const { entity: E, plural: P } = o;
  const caller = (ctx: Ctx) => requireUser(ctx.user).userId;
  type List = ListArgs<FilterInput, Order>;
  // One loader per request context, so the references of one `_entities` call are one read.
  const loaders = new WeakMap<Ctx, (id: string) => Promise<Doc | null>>();
  const referenceLoader = (ctx: Ctx, userId: string) => {
    let load = loaders.get(ctx);
    if (!load) loaders.set(ctx, (load = createBatchLoader((ids: readonly string[]) => o.records(ctx).getMany(userId, ids))));
    return load;
  };
  return {
    Query: {
      [lower(E)]: (_: unknown, { id }: { id: string }, ctx: Ctx) => o.records(ctx).get(caller(ctx), id),
      [lower(P)]: (_: unknown, args: List, ctx: Ctx) => o.records(ctx).list(caller(ctx), args),
      [`${lower(E)}Categories`]: (_: unknown, { includeArchived }: { includeArchived?: boolean | null }, ctx: Ctx) =>
        o.categories(ctx).list(caller(ctx), includeArchived ?? false),
      [o.importJobQuery ?? 'importJob']: (_: unknown, { id }: { id: string }, ctx: Ctx) => o.importer(ctx).job(caller(ctx), id),
      [`export${P}`]: async (_: unknown, { format, filter }: { format: ExportFormat; filter?: FilterInput | null }, ctx: Ctx) =>
        exportFile(format, lower(P), await o.records(ctx).all(caller(ctx), filter), o.exportShape),
    },
    Mutation: {
      [`create${E}`]: (_: unknown, { input }: { input: NewInput }, ctx: Ctx) => o.records(ctx).create(caller(ctx), input),
      [`create${P}`]: (_: unknown, { inputs }: { inputs: NewInput[] }, ctx: Ctx) => o.records(ctx).createMany(caller(ctx), inputs),
      [`update${E}`]: (_: unknown, a: { id: string; input: ChangeInput; expectedVersion?: number | null }, ctx: Ctx) =>
        o.records(ctx).update(caller(ctx), a.id, a.input, a.expectedVersion),
      [`delete${E}`]: (_: unknown, { id }: { id: string }, ctx: Ctx) => o.records(ctx).remove(caller(ctx), id),
      [`create${E}Category`]: (_: unknown, { input }: { input: NewCategoryInput }, ctx: Ctx) => o.categories(ctx).create(caller(ctx), input),
      [`rename${E}Category`]: (_: unknown, { code, name }: { code: string; name: string }, ctx: Ctx) =>
        o.categories(ctx).rename(caller(ctx), code, name),
      [`archive${E}Category`]: (_: unknown, { code }: { code: string }, ctx: Ctx) => o.categories(ctx).archive(caller(ctx), code),
      [`import${P}`]: (_: unknown, { csv, mapping }: { csv: string; mapping?: ColumnMapping[] | null }, ctx: Ctx) =>
        o.importer(ctx).importCsv(caller(ctx), csv, mapping ?? []),
    },
    User: {
      [lower(P)]: (user: { id: string }, args: List, ctx: Ctx) => {
        const userId = caller(ctx);
        if (userId !== user.id) throw forbidden(`You can only see your own ${lower(P)}`);
        return o.records(ctx).list(userId, args);
      },
    },
    [E]: {
      id: (doc: Doc) => doc._id.toHexString(),
      amount: (doc: Doc) => toMoney(doc.amount),
      user: (doc: Doc) => ({ __typename: 'User', id: doc.userId }),
      /** Federation: another subgraph references a record by id; only its owner gets it. */
      __resolveReference: async (ref: { id: string }, ctx: Ctx) => (ctx.user ? referenceLoader(ctx, ctx.user.userId)(ref.id) : null),
    },
  };
}
