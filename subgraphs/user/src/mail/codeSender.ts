import type { Lock } from '../otp/otpErrors.ts';
import type { Mailer } from './mailer.ts';

/**
 * How codes and lock notices reach a person. Email today; phone sign-in adds an SMS sender with the
 * same shape (and identities `phone:<number>`), without touching the OTP rules.
 */
export interface CodeSender {
  readonly channel: 'email';
  sendCode(to: string, code: string, expiresAt: Date): Promise<void>;
  sendLockNotice(to: string, lock: Lock): Promise<void>;
}

export function createEmailCodeSender(mailer: Mailer): CodeSender {
  return {
    channel: 'email',
    sendCode: (to, code, expiresAt) =>
      mailer.send({
        to,
        subject: 'Your Expensio sign-in code',
        text:
          `Your Expensio sign-in code is ${code}\n\n` +
          `It is valid until ${expiresAt.toISOString()} and works once. ` +
          'If you did not ask for it, you can ignore this email.',
      }),
    sendLockNotice: (to, lock) =>
      mailer.send({
        to,
        subject: 'Expensio sign-in is locked for a while',
        text:
          (lock.reason === 'requests'
            ? 'Too many sign-in codes were requested for this email address.'
            : 'Too many wrong sign-in codes were entered for this email address.') +
          `\n\nSign-in is locked until ${lock.until.toISOString()}. After that, request a new code.\n` +
          'If this was not you, someone may be trying to sign in as you; no one got in.',
      }),
  };
}
