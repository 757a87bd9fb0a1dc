import { Schema, type Connection } from 'mongoose';

/** A category a user added; built-ins live in code (domain/vocabulary.ts). */
export interface CategoryDoc {
  userId: string;
  code: string;
  name: string;
  description: string;
  color: string;
  icon: string;
  isArchived: boolean;
  createdAt: Date;
}

const categorySchema = new Schema<CategoryDoc>(
  {
    userId: { type: String, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String, default: '' },
    color: { type: String, required: true },
    icon: { type: String, required: true },
    isArchived: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'expense_categories', versionKey: false },
);
categorySchema.index({ userId: 1, code: 1 }, { unique: true });

export function createCategoryModel(conn: Connection) {
  return conn.model<CategoryDoc>('ExpenseCategory', categorySchema);
}
export type CategoryModel = ReturnType<typeof createCategoryModel>;
