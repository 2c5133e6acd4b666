import { type ReceivedMail, startSmtpSink } from '../../libs/platform/src/testing/smtp-sink';

const SIGN_IN_LINK = /https?:\/\/\S+\/sign-in\/link\/[A-Za-z0-9_-]+(?:\?\S*)?/;

/**
 * A real SMTP server for end-to-end tests (the platform's SMTP sink) on a free port of
 * loopback: the server under test gets `SMTP_URL=smtp://127.0.0.1:<port>`, and the test reads
 * what it sent, as a person would read their mail.
 */
export class Mailbox {
  /** How many of each address's messages `nextMailTo` has handed out. */
  private readonly taken = new Map<string, number>();

  private constructor(private readonly sink: Awaited<ReturnType<typeof startSmtpSink>>) {}

  static async start(): Promise<Mailbox> {
    return new Mailbox(await startSmtpSink());
  }

  /** The SMTP_URL of the server under test. */
  get url(): string {
    return this.sink.url;
  }

  /** Every message taken, oldest first. */
  get received(): readonly ReceivedMail[] {
    return this.sink.received;
  }

  /** Every message sent to the address so far (addresses compared without case). */
  mailTo(address: string): ReceivedMail[] {
    const wanted = address.toLowerCase();
    return this.sink.received.filter((mail) => mail.to.toLowerCase().split(',').includes(wanted));
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
    return this.sink.close();
  }
}
