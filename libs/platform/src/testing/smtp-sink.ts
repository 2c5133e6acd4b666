import type { AddressInfo } from 'net';
import { SMTPServer } from 'smtp-server';

/** A mail as the SMTP server received it: the raw message and the headers tests look at. */
export interface ReceivedMail {
  to: string;
  messageId: string;
  subject: string;
  /** The plain-text body, decoded. */
  text: string;
  raw: string;
  /** A header's value, unfolded ('' when absent). */
  header(name: string): string;
}

const header = (raw: string, name: string): string =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'mi')
    .exec(raw)?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim() ?? '';

/** The body of a single-part message, decoded from quoted-printable if it was so sent. */
function textOf(raw: string): string {
  const body = raw.slice(raw.search(/\r?\n\r?\n/)).replace(/^\r?\n\r?\n/, '');
  if (!/^Content-Transfer-Encoding: quoted-printable/im.test(raw)) return body;
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
}

/**
 * A real SMTP server on loopback that keeps what it receives; `delayMs` holds each message
 * before accepting it, as a slow mail server would. As SMTP has it, a message is delivered
 * only once the server accepted it: one whose client went away before then is not kept.
 */
export async function startSmtpSink(options: { delayMs?: number; port?: number } = {}) {
  const received: ReceivedMail[] = [];
  const closed = new Set<string>();
  /** Messages whose client went away before the server accepted them. */
  const abandoned = { count: 0 };
  /** Messages the server holds, received whole but not yet accepted. */
  const inFlight = { count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        inFlight.count++;
        setTimeout(() => {
          inFlight.count--;
          if (closed.has(session.id)) {
            abandoned.count++;
            return done();
          }
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
            messageId: header(raw, 'Message-ID'),
            subject: header(raw, 'Subject'),
            text: textOf(raw),
            raw,
            header: (name) => header(raw, name),
          });
          done();
        }, options.delayMs ?? 0);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    abandoned,
    inFlight,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
