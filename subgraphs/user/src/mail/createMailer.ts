import { join } from 'node:path';
import type { Logger } from '@expensio/kit';
import type { UserConfig } from '../config.ts';
import { createDevMailbox } from './devMailbox.ts';
import type { Mailer } from './mailer.ts';
import { createSmtpMailer } from './smtpMailer.ts';

/** SMTP when SMTP_URL is set, else the development mailbox (MAILBOX_DIR or `<state dir>/mailbox`). */
export function createMailer(config: UserConfig, log: Logger): Mailer {
  if (config.SMTP_URL !== undefined)
    return createSmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM });
  const dir = config.MAILBOX_DIR ?? join(config.EXPENSIO_STATE_DIR, 'mailbox');
  return createDevMailbox({ dir, from: config.MAIL_FROM, log });
}
