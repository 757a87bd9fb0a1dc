/**
 * `npm run events -- <command>`: operations on the event backbone.
 *
 *   topics                                    topics with partitions and message counts
 *   lag [--group G]                           consumer groups: state, members, lag per topic
 *   dlq list                                  dead-letter topics and how many messages each holds
 *   dlq show <topic> [--limit N]              dead letters with their failure headers
 *   dlq replay <topic>                        send them back to their original topic, then remove them
 *   dlq purge <topic>                         delete them
 *   replay --group G --to-earliest | --to-datetime T [--topic X]...
 *                                             reset a stopped group's offsets to rebuild its projection
 *
 * <topic> is a dead-letter topic or the event topic it belongs to. Brokers from KAFKA_BROKERS
 * (default 127.0.0.1:9092).
 */
import { parseArgs } from 'node:util';
import { createKafkaClient } from './runtime/kafkaClient.ts';
import { createEventProducer } from './runtime/createEventProducer.ts';
import {
  describeGroupLag,
  describeTopics,
  GroupActiveError,
  listDeadLetterTopics,
  purgeDeadLetters,
  readDeadLetters,
  replayDeadLetters,
  resetGroupOffsets,
} from './ops/index.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    group: { type: 'string' },
    topic: { type: 'string', multiple: true },
    limit: { type: 'string' },
    'to-earliest': { type: 'boolean' },
    'to-datetime': { type: 'string' },
    json: { type: 'boolean' },
  },
});

const kafka = createKafkaClient({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  clientId: 'expensio-events-cli',
});
const dlqName = (t: string) => (t.endsWith('.dlq') ? t : `${t}.dlq`);
const progress = (verb: string) => (done: number, total: number) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${verb} ${done}/${total}`);
  if (done === total && process.stderr.isTTY) process.stderr.write('\n');
};
const print = (value: unknown, text: () => void) => (values.json ? console.log(JSON.stringify(value, null, 2)) : text());

class UsageError extends Error {}

const USAGE = `usage: npm run events -- <command>
  topics                                   topics with partitions and message counts
  lag [--group G]                          consumer groups: state, members, lag per topic
  dlq list                                 dead-letter topics and their counts
  dlq show <topic> [--limit N]             dead letters with their failure headers
  dlq replay <topic>                       send them back to their original topic, then remove them
  dlq purge <topic>                        delete them
  replay --group G --to-earliest | --to-datetime T [--topic X]
                                           reset a stopped group's offsets to rebuild its projection
  add --json for machine-readable output`;

async function main(): Promise<void> {
  const [command, sub, arg] = positionals;
  switch (command) {
    case 'topics': {
      const topics = await describeTopics(kafka);
      return print(topics, () => {
        for (const t of topics) console.log(`${t.topic.padEnd(48)} partitions ${t.partitions}  messages ${t.messages}`);
      });
    }
    case 'lag': {
      const groups = await describeGroupLag(kafka, values.group);
      return print(groups, () => {
        for (const g of groups) {
          console.log(`${g.groupId}  state ${g.state}  members ${g.members}  lag ${g.totalLag}`);
          for (const t of g.topics) console.log(`  ${t.topic.padEnd(46)} lag ${t.lag}`);
        }
      });
    }
    case 'dlq': {
      if (sub === 'list') {
        const topics = await listDeadLetterTopics(kafka);
        return print(topics, () => {
          for (const t of topics) console.log(`${t.topic.padEnd(52)} ${t.messages}`);
        });
      }
      if (!arg) throw new UsageError(`dlq ${sub ?? ''} needs a topic`);
      if (sub === 'show') {
        const limit = values.limit ? Number(values.limit) : 20;
        const letters = await readDeadLetters(kafka, dlqName(arg), { limit, onProgress: progress('read') });
        return print(letters, () => {
          for (const l of letters) {
            console.log(`#${l.partition}/${l.offset} key=${l.key} ${l.info?.errorCode} after ${l.info?.attempts} attempt(s) in ${l.info?.consumerGroup} at ${l.info?.failedAt}`);
            console.log(`  from ${l.info?.originalTopic}#${l.info?.originalPartition}/${l.info?.originalOffset}: ${l.info?.errorMessage}`);
            console.log(`  ${(l.value ?? '').slice(0, 300)}`);
          }
          if (letters.length === 0) console.log('no dead letters');
        });
      }
      if (sub === 'replay') {
        const producer = createEventProducer(kafka);
        await producer.connect();
        try {
          const { replayed } = await replayDeadLetters(kafka, producer, dlqName(arg), { onProgress: progress('replayed') });
          return console.log(`replayed ${replayed} message(s) from ${dlqName(arg)}`);
        } finally {
          await producer.disconnect();
        }
      }
      if (sub === 'purge') {
        const { purged } = await purgeDeadLetters(kafka, dlqName(arg));
        return console.log(`purged ${purged} message(s) from ${dlqName(arg)}`);
      }
      throw new UsageError(`unknown dlq command ${sub}`);
    }
    case 'replay': {
      if (!values.group) throw new UsageError('replay needs --group');
      const datetime = values['to-datetime'] ? new Date(values['to-datetime']) : undefined;
      if (!values['to-earliest'] && (!datetime || Number.isNaN(datetime.getTime()))) {
        throw new UsageError('replay needs --to-earliest or --to-datetime <ISO 8601>');
      }
      const to = values['to-earliest'] || !datetime ? ({ earliest: true } as const) : { datetime };
      const done = await resetGroupOffsets(kafka, values.group, to, values.topic);
      return print(done, () => {
        for (const t of done) console.log(`${values.group} ${t.topic}: ${t.partitions.map((p) => `#${p.partition}→${p.offset}`).join(' ')}`);
        console.log('offsets reset; start the group\'s consumers to replay');
      });
    }
    case 'help':
    case undefined:
      return console.log(USAGE);
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(err instanceof GroupActiveError ? `refused: ${err.message}` : (err as Error).message);
    process.exit(1);
  },
);
