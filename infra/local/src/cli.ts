/**
 * `npm run infra:up | infra:down | infra:status | infra:logs [server] [--follow]`
 * Manages the local Kafka, FerretDB and PostgreSQL processes (see infra/local/README.md).
 */
import { spawn } from 'node:child_process';
import { logFile, PrerequisiteError } from './proc.ts';
import { createStack } from './stack.ts';

const [command, ...args] = process.argv.slice(2);
const stack = createStack();
const say = (line: string) => console.log(line);

async function main(): Promise<number> {
  switch (command) {
    case 'up':
      await stack.up(say);
      return 0;
    case 'down':
      await stack.down(say);
      return 0;
    case 'status': {
      const rows = await stack.status();
      for (const r of rows) {
        const pid = r.external ? 'external' : r.pid ? `pid ${r.pid}` : '-';
        console.log(`${r.name.padEnd(9)} ${r.state.padEnd(10)} ${pid.padEnd(11)} ${r.address}`);
      }
      return rows.every((r) => r.state === 'ready') ? 0 : 1;
    }
    case 'logs': {
      const name = args.find((a) => !a.startsWith('-'));
      if (args.includes('--follow') || args.includes('-f')) {
        const files = stack.servers.filter((s) => !name || s.name === name).map((s) => logFile(s.name));
        spawn('tail', ['-n', '40', '-F', ...files], { stdio: 'inherit' });
        return new Promise(() => {});
      }
      console.log(stack.logs(name));
      return 0;
    }
    default:
      console.error('usage: infra <up|down|status|logs [postgres|ferretdb|kafka] [--follow]>');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // A missing tool is one line saying what to install; anything else keeps its detail.
    console.error(err instanceof PrerequisiteError ? err.message : err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
