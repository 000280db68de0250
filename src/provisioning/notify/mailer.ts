import nodemailer, { type Transporter } from 'nodemailer';

/** One e-mail to an app's notification address. */
export interface Notice {
  to: string;
  subject: string;
  text: string;
}

/** Sends failure notices; the engine never fails a cycle because a mail could not go out (it logs that instead). */
export interface Mailer {
  send(n: Notice): Promise<void>;
  close(): void;
}

/** A mailer over SMTP (`--smtp-url smtp://user:pass@host:587`, `smtps://` for TLS from the start). */
export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    async send(n) {
      await transport.sendMail({ from, to: n.to, subject: n.subject, text: n.text });
    },
    close: () => transport.close(),
  };
}

/** No SMTP configured: notices are only logged. */
export const noMailer: Mailer = { send: async () => undefined, close: () => undefined };
