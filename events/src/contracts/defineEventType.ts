import type { z } from 'zod';
import type { Topic } from './topics.ts';

/** Every event is about one user: its data carries the user id, which is also the CloudEvents
 * `subject` and the Kafka key (so one user's events stay in order). */
export type EventDataSchema = z.ZodType<{ readonly userId: string }>;

/**
 * A stored older version of an event's data and how to lift it one version up. Published events are
 * never rewritten (STYLE.md 7); readers upcast them, one step at a time, to the current version.
 */
export interface LegacyVersion {
  /** The dataversion this step reads. */
  readonly version: number;
  /** The schema the stored data of that version is validated with before upcasting. */
  readonly schema: z.ZodType;
  /** Turns valid data of `version` into data of `version + 1` (validated by that version's schema). */
  readonly upcast: (data: unknown) => unknown;
}

/**
 * Declares one upcasting step, typed end to end: `upcast` receives the parsed old shape and must
 * return the input of the next version's schema, so a forgotten field is a compile error.
 */
export function defineUpcaster<From extends z.ZodType, To extends z.ZodType>(step: {
  readonly version: number;
  readonly schema: From;
  /** The next version's schema; only here to type `upcast`'s result. */
  readonly to: To;
  readonly upcast: (data: z.output<From>) => z.input<To>;
}): LegacyVersion {
  return {
    version: step.version,
    schema: step.schema,
    upcast: (data) => step.upcast(data as z.output<From>),
  };
}

export interface EventDefinition<
  T extends string = string,
  Tp extends Topic = Topic,
  S extends EventDataSchema = EventDataSchema,
  V extends number = number,
> {
  /** The CloudEvents `type`, e.g. "EXPENSE_CREATED" (the original project's names). */
  readonly type: T;
  /** The aggregate topic the event is published on. */
  readonly topic: Tp;
  /** The current dataversion: what createEvent writes and what parseEvent returns. */
  readonly version: V;
  /** The schema of the current version's data. */
  readonly schema: S;
  /** Older versions still readable, oldest first, contiguous up to `version - 1`. Empty when the
   * type has only ever had one version. */
  readonly legacy: readonly LegacyVersion[];
  /** What happened, for people reading the catalog. */
  readonly description: string;
}

/**
 * Declares an event type. Checks at load time that the legacy versions form a contiguous chain ending
 * just below the current version, so a gap is found when the module loads rather than when an old
 * event arrives.
 */
export function defineEventType<
  const T extends string,
  const Tp extends Topic,
  S extends EventDataSchema,
  const V extends number,
>(definition: {
  readonly type: T;
  readonly topic: Tp;
  readonly version: V;
  readonly schema: S;
  readonly legacy?: readonly LegacyVersion[];
  readonly description: string;
}): EventDefinition<T, Tp, S, V> {
  const legacy = definition.legacy ?? [];
  if (!Number.isInteger(definition.version) || definition.version < 1) {
    throw new Error(`${definition.type}: version must be an integer >= 1`);
  }
  legacy.forEach((step, index) => {
    const expected = definition.version - legacy.length + index;
    if (step.version !== expected || expected < 1) {
      throw new Error(
        `${definition.type}: legacy versions must be contiguous and end at ${definition.version - 1}; ` +
          `found ${legacy.map((s) => s.version).join(', ')}`,
      );
    }
  });
  return { ...definition, legacy };
}
