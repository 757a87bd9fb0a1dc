/** One server of the local stack, as `infra:up`, `infra:down` and `infra:status` see it. */
export interface LocalServer {
  readonly name: 'postgres' | 'ferretdb' | 'kafka';
  /** The address clients use, e.g. `127.0.0.1:9092` or a connection URL. */
  readonly address: string;
  /** Loopback ports a local server listens on (checked free before a start). */
  readonly ports: readonly number[];
  /** Set when an environment variable points at a server this stack must not start or stop. */
  readonly external: boolean;
  /** Installs, downloads or builds what the server needs; cached, so a second call is quick. */
  provision(): Promise<void>;
  /** Starts the server unless it already runs; does not wait for readiness. */
  start(): Promise<void>;
  /** Answers the server's own readiness question (admin API, ping, `select 1`). */
  ready(): Promise<boolean>;
  stop(): Promise<void>;
  /** The pid of the process this stack started, if it runs. */
  pid(): number | undefined;
}
