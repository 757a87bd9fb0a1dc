// `npm run bench:events [-- --events N]`: events/s and latency of the event path (service write
// with its outbox entry -> relay -> Kafka -> idempotent projection in FerretDB) beside a raw
// kafkajs produce-and-consume of the same events on the same broker, and each process's peak RSS.
// A script that prints figures, not a test; see bench/README.md for what each figure means.
import { parseArgs } from 'node:util';
import os from 'node:os';
import { MongoClient } from 'mongodb';
import {
  APPLIED_FIELD,
  createKafkaClient,
  ensureTopics,
  OUTBOX_FIELD,
  TOPICS,
} from '@expensio/events';
import { createStack, repoRoot } from '@expensio/infra-local';
import { killChildren, runPhase, type PhaseOutcome, type Role } from './phase.ts';
import type { ChildConfig, Figures } from './protocol.ts';
import {
  APPLY_CONCURRENCY,
  PARTITIONS,
  PARTITIONS_CONCURRENTLY,
  RAW_BATCH,
  RAW_IN_FLIGHT,
  RELAY_BATCH,
  WRITE_BATCH,
} from './settings.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '1000' },
    'paced-seconds': { type: 'string', default: '10' },
    'phase-timeout': { type: 'string', default: '300' },
  },
});
const EVENTS = Number(args.events);
const RATE = Number(args.rate);
const PACED_EVENTS = Math.min(EVENTS, RATE * Number(args['paced-seconds']));
const PHASE_TIMEOUT_MS = Number(args['phase-timeout']) * 1_000;

const log = (line: string) => process.stderr.write(`${line}\n`);
const int = (n: number | undefined) =>
  n === undefined || Number.isNaN(n) ? '-' : Math.round(n).toLocaleString('en-US');
const mb = (kb: number | undefined) => (kb ? `${Math.round(kb / 1024)}` : '?');
const perSecond = (count: number, ms: number) => (ms > 0 ? (count * 1_000) / ms : Number.NaN);

const env = await createStack().up(log);
const brokers = env.KAFKA_BROKERS.split(',');
const runId = `bench-${Date.now()}`;
const kafka = createKafkaClient({ brokers, clientId: 'bench-main' });
const topicsCreated: string[] = [];
const databases: string[] = [];

const configFor = (phase: string, purpose: string, events: number, rate = 0): ChildConfig => {
  const dbName = `${runId}_${phase}_${purpose}`.replaceAll('-', '_');
  if (purpose !== 'raw') databases.push(dbName);
  return {
    brokers,
    mongoUri: env.MONGODB_URI,
    topicPrefix: `${runId}-${phase}.`,
    groupId: `bench.${phase}-${purpose}-${runId}`,
    dbName,
    events,
    rate,
  };
};

async function namespace(phase: string): Promise<void> {
  topicsCreated.push(
    ...(await ensureTopics(kafka, {
      topicPrefix: `${runId}-${phase}.`,
      topics: [TOPICS.expense],
      partitions: PARTITIONS,
    })),
  );
}

async function cleanup(): Promise<void> {
  killChildren();
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteTopics({ topics: topicsCreated })
    .catch((err: Error) => log(`cleanup: topics not deleted: ${err.message}`));
  await admin.disconnect();
  const mongo = new MongoClient(env.MONGODB_URI);
  await mongo.connect();
  for (const name of [...new Set(databases)]) {
    // A database wedged by FerretDB (see README) never answers: do not hang the run on it.
    const dropped = await Promise.race([
      mongo
        .db(name)
        .dropDatabase()
        .then(
          () => true,
          () => false,
        ),
      new Promise<false>((r) => setTimeout(() => r(false), 30_000).unref()),
    ]);
    if (!dropped) log(`cleanup: database ${name} not dropped`);
  }
  await mongo.close(true);
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  log('interrupted: cleaning up (Ctrl-C again to leave now)');
  void cleanup().finally(() => process.exit(130));
});

interface Verdict {
  readonly line: string;
  readonly ok: boolean;
}

/** Projection == what was written: every event counted once, its id recorded once, no outbox left. */
async function verify(
  phase: string,
  outcome: PhaseOutcome,
  service: ChildConfig,
  projection: ChildConfig,
): Promise<Verdict> {
  const mongo = new MongoClient(env.MONGODB_URI);
  await mongo.connect();
  try {
    const docs = await mongo
      .db(projection.dbName)
      .collection('monthlyTotals')
      .find({}, { projection: { count: 1, [APPLIED_FIELD]: 1 } })
      .toArray();
    let counted = 0;
    let recorded = 0;
    const distinct = new Set<string>();
    for (const doc of docs) {
      counted += Number(doc.count ?? 0);
      for (const id of (doc[APPLIED_FIELD] ?? []) as string[]) {
        recorded += 1;
        distinct.add(id);
      }
    }
    const pendingOutbox = await mongo
      .db(service.dbName)
      .collection('expenses')
      .countDocuments({ [`${OUTBOX_FIELD}.0`]: { $exists: true } });
    const written = outcome.figures.service.written ?? 0;
    const consistent = counted === recorded && recorded === distinct.size;
    const complete = counted === written && pendingOutbox === 0;
    const ok = consistent && (complete || outcome.aborted);
    const state = !consistent
      ? 'FAILED'
      : complete
        ? 'OK'
        : outcome.aborted
          ? 'OK so far (phase aborted, incomplete)'
          : 'FAILED';
    return {
      ok,
      line: `${phase}: written ${int(written)}, sum(count) ${int(counted)}, event ids recorded ${int(recorded)} (distinct ${int(distinct.size)}), outbox entries left ${int(pendingOutbox)} -> ${state}`,
    };
  } finally {
    await mongo.close();
  }
}

const progressLine = (f: Record<Role, Figures>) =>
  [
    f.service && `written ${int(f.service.written)}`,
    f.service && `published ${int(f.service.published)}`,
    f.consumer && `applied ${int(f.consumer.applied)}`,
    f.rawProducer && `sent ${int(f.rawProducer.sent)}`,
    f.rawConsumer && `received ${int(f.rawConsumer.received)}`,
  ]
    .filter(Boolean)
    .join(', ');

try {
  log(
    `${runId}: ${int(EVENTS)} events; topics ${runId}-*.${TOPICS.expense} (${PARTITIONS} partitions)`,
  );
  const common = { cwd: repoRoot, log, timeoutMs: PHASE_TIMEOUT_MS, describe: progressLine };

  // 1) The ceiling: the same events through plain kafkajs on the same broker.
  await namespace('raw');
  const rawConsumerConfig = configFor('raw', 'raw', EVENTS);
  const raw = await runPhase({
    ...common,
    name: 'raw',
    starter: 'rawProducer',
    roles: [
      { role: 'rawConsumer', config: rawConsumerConfig },
      { role: 'rawProducer', config: rawConsumerConfig },
    ],
  });
  const rawCount = raw.figures.rawConsumer.received ?? 0;
  const rawEnd = raw.aborted
    ? (raw.figures.rawProducer.firstSendAt ?? 0) + raw.elapsedMs
    : raw.figures.rawConsumer.lastAt!;
  const rawRate = perSecond(rawCount, rawEnd - raw.figures.rawProducer.firstSendAt!);
  const rawProduceRate = perSecond(
    raw.figures.rawProducer.sent ?? 0,
    raw.figures.rawProducer.lastAckAt! - raw.figures.rawProducer.firstSendAt!,
  );

  // 2) and 3) The event path, as fast as it goes, then paced.
  const eventPath = async (phase: string, events: number, rate: number) => {
    await namespace(phase);
    const service = configFor(phase, 'service', events, rate);
    const projection = configFor(phase, 'projection', events);
    const outcome = await runPhase({
      ...common,
      name: phase,
      starter: 'service',
      roles: [
        { role: 'consumer', config: projection },
        { role: 'service', config: service },
      ],
    });
    const s = outcome.figures.service;
    const c = outcome.figures.consumer;
    const start = s.firstWriteAt ?? Date.now();
    const end = outcome.aborted ? start + outcome.elapsedMs : (c.lastAppliedAt ?? Date.now());
    const rateFigure = perSecond(c.applied ?? 0, end - start);
    return {
      outcome,
      rate: rateFigure,
      verdict: await verify(phase, outcome, service, projection),
    };
  };
  const e2e = await eventPath('e2e', EVENTS, 0);
  const paced = await eventPath('paced', PACED_EVENTS, RATE);

  // ---- Report
  const s = e2e.outcome.figures.service;
  const c = e2e.outcome.figures.consumer;
  const ps = paced.outcome.figures.service;
  const pc = paced.outcome.figures.consumer;
  const flag = (o: PhaseOutcome) => (o.aborted ? ' (ABORTED, partial)' : '');
  const rows = [
    ['phase', 'events', 'events/s', 'p50 ms', 'p99 ms', 'max RSS MB per process'],
    [
      `raw kafkajs (ceiling)${flag(raw)}`,
      int(rawCount),
      int(rawRate),
      '-',
      '-',
      `producer ${mb(raw.figures.rawProducer.maxRssKb)}, consumer ${mb(raw.figures.rawConsumer.maxRssKb)}`,
    ],
    [
      `end to end${flag(e2e.outcome)}`,
      int(c.applied),
      int(e2e.rate),
      int(c['latencyMs.p50']),
      int(c['latencyMs.p99']),
      `service ${mb(s.maxRssKb)}, consumer ${mb(c.maxRssKb)}`,
    ],
    [
      `paced ${int(RATE)}/s${flag(paced.outcome)}`,
      int(pc.applied),
      int(paced.rate),
      int(pc['latencyMs.p50']),
      int(pc['latencyMs.p99']),
      `service ${mb(ps.maxRssKb)}, consumer ${mb(pc.maxRssKb)}`,
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out();
  out(
    `Expensio event path benchmark, ${new Date().toISOString()}, ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, node ${process.version}`,
  );
  out(
    `${int(EVENTS)} events over 1,000 users x 12 months, ${PARTITIONS} partitions; write batch ${WRITE_BATCH}, relay batch ${RELAY_BATCH}, partitionsConsumedConcurrently ${PARTITIONS_CONCURRENTLY}, apply concurrency ${APPLY_CONCURRENCY}; raw: batches of ${RAW_BATCH}, ${RAW_IN_FLIGHT} in flight, acks=-1`,
  );
  out();
  for (const r of rows)
    out(
      r
        .map((cell, i) =>
          i === 0 || i === 5 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
        )
        .join('  '),
    );
  out();
  out(
    `end to end / raw: ${(e2e.rate / rawRate).toFixed(4)} (target >= 0.25 and >= 10,000 events/s); raw produce alone ${int(rawProduceRate)} events/s`,
  );
  out(
    `paced: ${int(ps.written)} written in ${int(((ps.lastWriteAt ?? 0) - (ps.firstWriteAt ?? 0)) / 1000)} s; p99 target < 200 ms`,
  );
  const split = (label: string, f: Figures, keys: readonly [string, string][], wallMs: number) =>
    out(
      `${label} (wall ${int(wallMs / 1000)} s): ` +
        keys
          .filter(([key]) => f[`time.${key}.n`] !== undefined)
          .map(
            ([key, name]) =>
              `${name} ${int(f[`time.${key}.ms`]! / 1000)} s / ${int(f[`time.${key}.n`])} calls`,
          )
          .join(', '),
    );
  out();
  out('Where the time went (sums of call durations; calls overlap where noted):');
  for (const [name, sv, cf, o] of [
    ['end to end', s, c, e2e.outcome],
    ['paced', ps, pc, paced.outcome],
  ] as const) {
    const serviceKeys: [string, string][] = [
      ['insertMany', 'insertMany'],
      ['mongo.relayFindNudged', 'relay find by _id $in'],
      ['mongo.relaySweep', 'relay sweep'],
      ['kafka.publish', 'relay publish'],
      ['mongo.relayClear', 'relay $pullAll clear'],
    ];
    const consumerKeys: [string, string][] = [
      ['handleBatch', 'handleBatch'],
      ['mongo.apply', `applyManyOnce bulk updates (${APPLY_CONCURRENCY} in flight)`],
      ['handle', 'one-by-one fallback'],
    ];
    split(`  ${name} service`, sv, serviceKeys, o.elapsedMs);
    split(`  ${name} consumer`, cf, consumerKeys, o.elapsedMs);
    out(
      `  ${name} consumer: ${int(cf.batches)} batches, ${int(cf.duplicates)} duplicate deliveries ignored, ${int(cf.deadLettered)} dead-lettered; relay ${int(sv.relayRounds)} rounds; service insert retries after SQLITE_BUSY ${int(sv.insertRetries)}`,
    );
  }
  out();
  out('Correctness:');
  out(`  ${e2e.verdict.line}`);
  out(`  ${paced.verdict.line}`);
  process.exitCode = e2e.verdict.ok && paced.verdict.ok ? 0 : 1;
} catch (err) {
  log(`benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
