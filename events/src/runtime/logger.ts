/**
 * The logging surface the runtime needs. A pino logger fits it as is; so does `silentLogger`.
 * Kept minimal so the events package does not depend on the subgraph kit.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
