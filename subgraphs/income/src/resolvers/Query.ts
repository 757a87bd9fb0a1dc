import { INCOME_TYPE_INFO } from '../domain/vocabulary.ts';

/** The income vocabulary for forms; the record queries come from the kit (resolvers/index.ts). */
export const Query = {
  incomeTypes: () => INCOME_TYPE_INFO,
};
