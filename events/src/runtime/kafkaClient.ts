import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { applyKafkajsIdleFix } from './kafkajsIdleFix.ts';
import type { Logger } from './logger.ts';

export interface KafkaClientOptions {
  /** Broker addresses, e.g. from KAFKA_BROKERS. */
  brokers: readonly string[];
  /** Shows in broker logs and metrics; use the service name. */
  clientId: string;
  /** kafkajs' own messages go here at warn and above. Default: dropped. */
  log?: Logger;
  /** Passed through to kafkajs (ssl, sasl, timeouts). */
  extra?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logCreator' | 'logLevel'>;
}

/** kafkajs logs through its own creator; route it to our logger so output stays structured JSON. */
function bridge(log: Logger): logCreator {
  return () =>
    ({ level, log: entry }) => {
      const { message, ...rest } = entry;
      const fields = { component: 'kafkajs', ...rest };
      if (level === logLevel.ERROR) log.error(fields, message);
      else if (level === logLevel.WARN) log.warn(fields, message);
      else log.debug(fields, message);
    };
}

/**
 * The one place a kafkajs client is built. kafkajs is unmaintained; everything else talks to the
 * broker through this package's producer, consumer runner and admin helpers, so a replacement
 * client would change this folder only.
 */
export function createKafkaClient({ brokers, clientId, log, extra }: KafkaClientOptions): Kafka {
  applyKafkajsIdleFix();
  return new Kafka({
    ...extra,
    brokers: [...brokers],
    clientId,
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    ...(log ? { logCreator: bridge(log) } : {}),
  });
}
