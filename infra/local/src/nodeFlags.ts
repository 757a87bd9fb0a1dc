/**
 * Node flags every service process runs with: `npm start`, the system the e2e tests start, and the
 * processes the benchmarks measure (so their figures are the services' own).
 *
 * `--heap-growing-percent=100`: after a full collection V8 lets the old generation grow to twice
 * what survived it, where by default, on a machine with this much memory, it allows up to four
 * times. A consumer applying a replay promotes each fetched batch to the old generation (it lives
 * across several scavenges while its writes are in flight) and drops it a moment later, so the
 * heap grew to ~4x its ~55 MB live set. bench:financial side by side: peak RSS 347-357 MB ->
 * 257-266 MB, events/s within the runs' noise (-3% in the quieter pair). No hard cap: a process
 * that needs more heap still gets it.
 */
const DEFAULT_SERVICE_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=100'];

/** `EXPENSIO_NODE_FLAGS` replaces the defaults (space-separated; empty for none), e.g. to compare. */
export const SERVICE_NODE_FLAGS: readonly string[] =
  process.env.EXPENSIO_NODE_FLAGS === undefined
    ? DEFAULT_SERVICE_NODE_FLAGS
    : process.env.EXPENSIO_NODE_FLAGS.split(/\s+/).filter(Boolean);
