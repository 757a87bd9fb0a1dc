import { badInput, conflict, notFound } from '@expensio/kit';
import { MongoServerError } from 'mongodb';
import type { CategoryModel } from '../model/categoryModel.ts';
import { BUILT_IN_CATEGORIES, BUILT_IN_CATEGORY_CODES, type CategoryInfo } from './vocabulary.ts';

export interface Category extends CategoryInfo {
  readonly isBuiltIn: boolean;
  readonly isArchived: boolean;
}

const CODE = /^[a-z][A-Za-z0-9]{0,39}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;

/** "Kids' stuff" -> "kidsStuff": the code a category gets when none is given. */
export function codeFromName(name: string): string {
  const words = name.normalize('NFKD').replace(/[^A-Za-z0-9 ]/g, '').trim().split(/\s+/).filter(Boolean);
  const code = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('');
  return /^[a-z]/.test(code) ? code.slice(0, 40) : `c${code}`.slice(0, 40);
}

/** Built-in categories plus each user's own; users add, rename and archive theirs. */
export function createCategories(model: CategoryModel, now: () => Date = () => new Date()) {
  const builtIns: Category[] = BUILT_IN_CATEGORIES.map((c) => ({ ...c, isBuiltIn: true, isArchived: false }));

  const toCategory = (d: { code: string; name: string; description: string; color: string; icon: string; isArchived: boolean }): Category => ({
    code: d.code,
    name: d.name,
    description: d.description,
    color: d.color,
    icon: d.icon,
    isBuiltIn: false,
    isArchived: d.isArchived,
  });

  async function own(userId: string, code: string) {
    const doc = await model.findOne({ userId, code }).lean();
    if (!doc) {
      if (BUILT_IN_CATEGORY_CODES.has(code)) throw badInput(`"${code}" is a built-in category and cannot be changed`, 'code');
      throw notFound('ExpenseCategory', code);
    }
    return doc;
  }

  return {
    async list(userId: string, includeArchived = false): Promise<Category[]> {
      const mine = await model.find({ userId, ...(includeArchived ? {} : { isArchived: false }) }).sort({ createdAt: 1 }).lean();
      return [...builtIns, ...mine.map(toCategory)];
    },

    /** Codes an expense may use now: built-ins and the user's active categories. */
    async activeCodes(userId: string): Promise<Set<string>> {
      const mine = await model.find({ userId, isArchived: false }, { code: 1 }).lean();
      return new Set([...BUILT_IN_CATEGORY_CODES, ...mine.map((d) => d.code)]);
    },

    async create(
      userId: string,
      input: { code?: string | null; name: string; description?: string | null; color?: string | null; icon?: string | null },
    ): Promise<Category> {
      const name = input.name.trim();
      if (!name || name.length > 60) throw badInput('name must be 1 to 60 characters', 'input.name');
      const code = input.code?.trim() || codeFromName(name);
      if (!CODE.test(code)) throw badInput('code must be camelCase letters and digits (up to 40), starting with a lowercase letter', 'input.code');
      if (BUILT_IN_CATEGORY_CODES.has(code)) throw badInput(`"${code}" is a built-in category`, 'input.code');
      const color = input.color?.trim() || '#607d8b';
      if (!COLOR.test(color)) throw badInput('color must look like #rrggbb', 'input.color');
      const description = (input.description ?? '').trim();
      if (description.length > 300) throw badInput('description must be at most 300 characters', 'input.description');
      try {
        const doc = await model.create({ userId, code, name, description, color, icon: input.icon?.trim() || 'tag', isArchived: false, createdAt: now() });
        return toCategory(doc);
      } catch (err) {
        if (err instanceof MongoServerError && err.code === 11000) throw conflict(`You already have a category "${code}"`);
        throw err;
      }
    },

    async rename(userId: string, code: string, name: string): Promise<Category> {
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 60) throw badInput('name must be 1 to 60 characters', 'name');
      await own(userId, code);
      await model.updateOne({ userId, code }, { $set: { name: trimmed } });
      return toCategory(await own(userId, code));
    },

    /** Archived categories keep their expenses but are no longer offered for new ones. */
    async archive(userId: string, code: string): Promise<Category> {
      await own(userId, code);
      await model.updateOne({ userId, code }, { $set: { isArchived: true } });
      return toCategory(await own(userId, code));
    },

    purge: async (userId: string) => (await model.deleteMany({ userId })).deletedCount,
  };
}
export type Categories = ReturnType<typeof createCategories>;
