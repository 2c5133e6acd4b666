import { createTransport, type Transporter } from 'nodemailer';

/** One email: plain text always (GOV.UK Notify's rule), HTML optional; headers such as List-Unsubscribe. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** `<...@domain>`: given when a message sent again must be known as the same one (digests). */
  messageId?: string;
}

/**
 * Sends mail: through SMTP when SMTP_URL is set, else into the server log, so that a
 * development server needs nothing installed. `send` resolves once the SMTP server accepted
 * the message (or the log took it) and rejects when it refused it.
 */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
  abstract close(): void;
}

/** Mail through an SMTP server (`smtp://user:pass@host:port`, `smtps://...`), by nodemailer. */
export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transport = createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }

  close(): void {
    this.transport.close();
  }
}

/** No SMTP configured: each message is written to the log at warn, so its link can be followed. */
export class LogMailer extends Mailer {
  /** `logger` as pino's: fields, then the message. */
  constructor(private readonly logger: { warn(fields: object, message: string): void }) {
    super();
  }

  send(message: MailMessage): Promise<void> {
    this.logger.warn(
      { mail: { to: message.to, subject: message.subject, text: message.text } },
      'No SMTP_URL is set: this mail was written to the log instead of being sent',
    );
    return Promise.resolve();
  }

  close(): void {}
}
