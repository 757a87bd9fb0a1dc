import { MOOD_INFO, TRIGGER_INFO } from '../domain/vocabulary.ts';

/** The expense vocabulary for forms; the record queries come from the kit (resolvers/index.ts). */
export const Query = {
  cognitiveTriggers: () => TRIGGER_INFO,
  moods: () => MOOD_INFO,
};
