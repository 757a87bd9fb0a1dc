import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cacheDir, infraDir, stateDir } from './paths.ts';
import { clearPid, isAlive, readPid, requireTool, run, startDetached, stopPid } from './proc.ts';
import type { LocalServer } from './server.ts';

/** The broker release resolved from Maven Central; keep in step with kafka/pom.xml. */
export const KAFKA_VERSION = '4.1.2';

const libsDir = join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
const dataDir = join(stateDir, 'kafka');
const classpath = `${libsDir}/*`;

export function createKafkaServer(env = process.env): LocalServer {
  const externalBrokers = env.KAFKA_BROKERS;
  const port = Number(env.EXPENSIO_KAFKA_PORT ?? 9092);
  const brokers = externalBrokers ? externalBrokers.split(',') : [`127.0.0.1:${port}`];

  const java = () =>
    requireTool('java', 'install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)');

  return {
    name: 'kafka',
    address: brokers.join(','),
    ports: [port, port + 1],
    external: Boolean(externalBrokers),

    async provision() {
      java();
      const marker = join(libsDir, `kafka_2.13-${KAFKA_VERSION}.jar`);
      if (existsSync(marker)) return;
      requireTool('mvn', 'install Apache Maven (Debian: apt-get install maven) to fetch Kafka from Maven Central');
      run('mvn', ['-q', '-B', '-f', join(infraDir, 'kafka/pom.xml'), 'dependency:copy-dependencies',
        `-DoutputDirectory=${libsDir}`, '-DincludeScope=runtime']);
      if (!existsSync(marker)) throw new Error(`Kafka jars missing after download in ${libsDir}`);
    },

    async start() {
      if (isAlive(readPid('kafka'))) return;
      mkdirSync(join(dataDir, 'log'), { recursive: true });
      const props = join(dataDir, 'server.properties');
      writeFileSync(
        props,
        readFileSync(join(infraDir, 'kafka/server.properties.template'), 'utf8')
          .replaceAll('@PORT@', String(port))
          .replaceAll('@CONTROLLER_PORT@', String(port + 1))
          .replaceAll('@DATA_DIR@', join(dataDir, 'log')),
      );
      // The cluster id is fixed once, so the formatted log directory (and its topics) survive restarts.
      const idFile = join(dataDir, 'cluster-id');
      if (!existsSync(idFile)) {
        const id = run(java(), ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid']).trim();
        writeFileSync(idFile, id);
      }
      if (readdirSync(join(dataDir, 'log')).length === 0) {
        run(java(), ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t',
          readFileSync(idFile, 'utf8').trim(), '-c', props, '--ignore-formatted']);
      }
      startDetached('kafka', java(), [
        '-Xms256m', '-Xmx768m', '-XX:+UseG1GC', '-Djava.awt.headless=true',
        `-Dlog4j2.configurationFile=${join(infraDir, 'kafka/log4j2.properties')}`,
        '-cp', classpath, 'kafka.Kafka', props,
      ]);
    },

    async ready() {
      const admin = new Kafka({
        clientId: 'expensio-infra',
        brokers,
        logLevel: logLevel.NOTHING,
        connectionTimeout: 1000,
        retry: { retries: 0 },
      }).admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      } finally {
        await admin.disconnect().catch(() => {});
      }
    },

    async stop() {
      const pid = readPid('kafka');
      if (isAlive(pid)) await stopPid(pid, 30_000);
      clearPid('kafka');
    },

    pid: () => {
      const pid = readPid('kafka');
      return isAlive(pid) ? pid : undefined;
    },
  };
}
