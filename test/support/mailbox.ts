import type { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server took it: to whom (the envelope), and its text, decoded. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

const SIGN_IN_LINK = /https?:\/\/\S+\/sign-in\/link\/[A-Za-z0-9_-]+(?:\?\S*)?/;

/** A message's body as sent: quoted-printable undone (nodemailer uses it for long lines). */
function decodedBody(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  let body = raw.slice(split + 4);
  if (/^content-transfer-encoding:\s*quoted-printable/im.test(headers)) {
    body = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return {
    subject: /^subject:\s*(.*)$/im.exec(headers)?.[1] ?? '',
    text: body.replace(/\r\n/g, '\n'),
  };
}

/**
 * A real SMTP server for end-to-end tests (the `smtp-server` package) on a free port of
 * loopback: the server under test gets `SMTP_URL=smtp://127.0.0.1:<port>`, and the test reads
 * what it sent, as a person would read their mail.
 */
export class Mailbox {
  /** How many of each address's messages `nextMailTo` has handed out. */
  private readonly taken = new Map<string, number>();

  private constructor(
    private readonly server: SMTPServer,
    /** Every message taken, oldest first. */
    readonly received: ReceivedMail[],
  ) {}

  static async start(): Promise<Mailbox> {
    const received: ReceivedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            ...decodedBody(Buffer.concat(chunks).toString('utf8')),
          });
          done();
        });
      },
    });
    const mailbox = new Mailbox(server, received);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return mailbox;
  }

  /** The SMTP_URL of the server under test. */
  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Every message sent to the address so far. */
  mailTo(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  /** The next message to the address not handed out before, waiting up to `timeoutMs` for it. */
  async nextMailTo(address: string, timeoutMs = 10_000): Promise<ReceivedMail> {
    const key = address.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.taken.get(key) ?? 0;
      const mail = this.mailTo(key)[index];
      if (mail) {
        this.taken.set(key, index + 1);
        return mail;
      }
      if (Date.now() > deadline) throw new Error(`No mail came to ${address} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The sign-in link of the next message to the address. */
  async nextLinkTo(address: string): Promise<string> {
    const mail = await this.nextMailTo(address);
    const link = SIGN_IN_LINK.exec(mail.text)?.[0];
    if (!link) throw new Error(`The mail to ${address} has no sign-in link:\n${mail.text}`);
    return link;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
