// Categories of a money record: the built-ins of DESIGN.md (in code) plus each user's own (in a
// collection); users add, rename and archive theirs. Expense and income categories are two stores
// of this one kind.
import { MongoServerError, type Db } from 'mongodb';
import { badInput, conflict, notFound } from './errors.ts';

/** What the forms show for a category. */
export interface CategoryInfo {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly color: string;
  readonly icon: string;
}

export interface Category extends CategoryInfo {
  /** Built-ins cannot be renamed or archived. */
  readonly isBuiltIn: boolean;
  /** Archived categories keep their records but are not offered for new ones. */
  readonly isArchived: boolean;
}

export interface NewCategoryInput {
  code?: string | null;
  name: string;
  description?: string | null;
  color?: string | null;
  icon?: string | null;
}

interface CategoryDoc extends CategoryInfo {
  userId: string;
  isArchived: boolean;
  createdAt: Date;
}

const CODE = /^[a-z][A-Za-z0-9]{0,39}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** Lowercased letters and digits only: how CSV values and headers are compared. */
export const normalizeLabel = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** "Kids' stuff" -> "kidsStuff": the code a category gets when none is given. */
export function codeFromName(name: string): string {
  const words = name.normalize('NFKD').replace(/[^A-Za-z0-9 ]/g, '').trim().split(/\s+/).filter(Boolean);
  const code = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(code) ? code.slice(0, 40) : `c${code}`.slice(0, 40);
}

export interface CategoryStoreOptions {
  db: Db;
  /** The collection of users' own categories, e.g. `expense_categories`. */
  collection: string;
  builtIns: readonly CategoryInfo[];
  /** The GraphQL type, named in NOT_FOUND errors, e.g. `ExpenseCategory`. */
  entity: string;
  now?: () => Date;
}

export function createCategoryStore({ db, collection, builtIns, entity, now = () => new Date() }: CategoryStoreOptions) {
  const model = db.collection<CategoryDoc>(collection);
  const builtInCodes = new Set(builtIns.map((c) => c.code));
  const builtInList: Category[] = builtIns.map((c) => ({ ...c, isBuiltIn: true, isArchived: false }));
  const toCategory = ({ code, name, description, color, icon, isArchived }: CategoryDoc): Category => ({
    code, name, description, color, icon, isBuiltIn: false, isArchived,
  });

  async function own(userId: string, code: string): Promise<CategoryDoc> {
    const doc = await model.findOne({ userId, code });
    if (!doc) {
      if (builtInCodes.has(code)) throw badInput(`"${code}" is a built-in category and cannot be changed`, 'code');
      throw notFound(entity, code);
    }
    return doc;
  }

  async function set(userId: string, code: string, change: Partial<CategoryDoc>): Promise<Category> {
    await own(userId, code);
    await model.updateOne({ userId, code }, { $set: change });
    return toCategory(await own(userId, code));
  }

  async function activeCodes(userId: string): Promise<Set<string>> {
    const mine = await model.find({ userId, isArchived: false }, { projection: { code: 1 } }).toArray();
    return new Set([...builtInCodes, ...mine.map((d) => d.code)]);
  }

  return {
    /** Creates the unique index (user, code). */
    init: async () => {
      await model.createIndex({ userId: 1, code: 1 }, { unique: true });
    },

    async list(userId: string, includeArchived = false): Promise<Category[]> {
      const mine = await model.find({ userId, ...(includeArchived ? {} : { isArchived: false }) }).sort({ createdAt: 1 }).toArray();
      return [...builtInList, ...mine.map(toCategory)];
    },

    /** Codes a new record may use now: built-ins and the user's active categories. */
    activeCodes,

    /**
     * For CSV import: the active codes, and a reader of what people write in a category column
     * ("Health and medical", "healthandmedical", "kidsStuff") that gives the code, or the value as
     * written when nothing matches (validation then reports it).
     */
    async matcher(userId: string): Promise<{ active: Set<string>; resolve: (raw: string) => string }> {
      const active = await activeCodes(userId);
      const byLabel = new Map<string, string>([
        ...builtIns.flatMap((c) => [[normalizeLabel(c.name), c.code], [normalizeLabel(c.code), c.code]] as [string, string][]),
        ...[...active].map((c) => [normalizeLabel(c), c] as [string, string]),
      ]);
      return { active, resolve: (raw) => byLabel.get(normalizeLabel(raw)) ?? raw };
    },

    async create(userId: string, input: NewCategoryInput): Promise<Category> {
      const name = input.name.trim();
      if (!name || name.length > 60) throw badInput('name must be 1 to 60 characters', 'input.name');
      const code = input.code?.trim() || codeFromName(name);
      if (!CODE.test(code)) throw badInput('code must be camelCase letters and digits (up to 40), starting with a lowercase letter', 'input.code');
      if (builtInCodes.has(code)) throw badInput(`"${code}" is a built-in category`, 'input.code');
      const color = input.color?.trim() || '#607d8b';
      if (!COLOR.test(color)) throw badInput('color must look like #rrggbb', 'input.color');
      const description = (input.description ?? '').trim();
      if (description.length > 300) throw badInput('description must be at most 300 characters', 'input.description');
      const doc: CategoryDoc = { userId, code, name, description, color, icon: input.icon?.trim() || 'tag', isArchived: false, createdAt: now() };
      try {
        await model.insertOne({ ...doc });
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) throw conflict(`You already have a category "${code}"`);
        throw err;
      }
      return toCategory(doc);
    },

    async rename(userId: string, code: string, name: string): Promise<Category> {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 60) throw badInput('name must be 1 to 60 characters', 'name');
      return set(userId, code, { name: trimmed });
    },

    /** Archived categories keep their records but are no longer offered for new ones. */
    archive: (userId: string, code: string): Promise<Category> => set(userId, code, { isArchived: true }),

    purge: async (userId: string) => (await model.deleteMany({ userId })).deletedCount,
  };
}
export type CategoryStore = ReturnType<typeof createCategoryStore>;
