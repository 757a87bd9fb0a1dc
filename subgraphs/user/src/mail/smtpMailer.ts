import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from './mailer.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://...` (SMTP_URL). */
  url: string;
  from: string;
  /** For a test server with a self-signed certificate. Default: false. */
  allowSelfSigned?: boolean;
}

/** Mail through an SMTP server with nodemailer (pooled connections). */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport(options.url, {
    from: options.from,
    ...(options.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    kind: 'smtp',
    async send(mail: OutgoingMail) {
      await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    },
    async close() {
      transport.close();
    },
  };
}
