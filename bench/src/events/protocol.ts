// What the parent and the phase processes say to each other over IPC. Figures travel as flat
// name -> number records so the parent can print whatever a process measured.

/** Flat figures: counts, milliseconds, epoch-ms timestamps. */
export type Figures = Record<string, number>;

export type ToChild = { readonly type: 'go' } | { readonly type: 'stop' };

export type FromChild =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly figures: Figures }
  | { readonly type: 'result'; readonly figures: Figures }
  | { readonly type: 'failed'; readonly message: string };

/** Connection settings and sizes every phase process gets as its one argument (JSON). */
export interface ChildConfig {
  readonly brokers: readonly string[];
  readonly mongoUri: string;
  /** Physical topic namespace of this phase, e.g. `bench-1764000000000-e2e.` */
  readonly topicPrefix: string;
  readonly groupId: string;
  /** Database of the process's own store (the service's, or the projection's). */
  readonly dbName: string;
  /** Events to write, or to wait for. */
  readonly events: number;
  /** Events per second for the paced phase; 0 writes as fast as the store takes them. */
  readonly rate: number;
}
