import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@expensio/kit';
import type { Mailer, OutgoingMail } from './mailer.ts';

/** The folder of one recipient: the address lower-cased, anything unusual replaced by `_`. */
export function mailboxFolder(dir: string, to: string): string {
  return join(dir, to.toLowerCase().replace(/[^a-z0-9@._+-]/g, '_'));
}

/**
 * The development mailbox: each message is a text file under `<dir>/<recipient>/`, named so that
 * `ls` sorts them oldest first, and a log line says where it went. The line never holds the body:
 * the body holds the code.
 */
export function createDevMailbox(options: { dir: string; from: string; log: Logger }): Mailer {
  const { dir, from, log } = options;
  return {
    kind: 'mailbox',
    async send(mail: OutgoingMail) {
      const folder = mailboxFolder(dir, mail.to);
      await mkdir(folder, { recursive: true });
      const sentAt = new Date().toISOString();
      const file = join(
        folder,
        `${sentAt.replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.txt`,
      );
      const content = `From: ${from}\nTo: ${mail.to}\nDate: ${sentAt}\nSubject: ${mail.subject}\n\n${mail.text}\n`;
      await writeFile(file, content, { mode: 0o600 });
      // Never the subject or body: they may hold the code.
      log.info({ to: mail.to, file }, 'mail written to the development mailbox');
    },
    async close() {},
  };
}

/** The messages of one recipient, oldest first (for tests and tools). */
export async function readMailbox(dir: string, to: string): Promise<string[]> {
  const folder = mailboxFolder(dir, to);
  const names = await readdir(folder).catch(() => [] as string[]);
  return Promise.all(names.sort().map((name) => readFile(join(folder, name), 'utf8')));
}
