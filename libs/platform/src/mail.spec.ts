import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'net';
import { LogMailer, SmtpMailer } from './mail';

describe('Mailer', () => {
  it('sends through a real SMTP server, headers and all', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, done) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push(data);
          done();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    const mailer = new SmtpMailer(
      `smtp://127.0.0.1:${port}`,
      'Reform Tracker <tracker@example.gov.uk>',
    );
    try {
      await mailer.send({
        to: 'ada@example.gov.uk',
        subject: 'Your sign-in link',
        text: 'Follow this link',
        headers: { 'List-Unsubscribe': '<https://tracker.example/unsubscribe/x>' },
        messageId: '<digest.2026-W49.0a1b@tracker.example>',
      });
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^To: ada@example\.gov\.uk/m);
    expect(received[0]).toMatch(/^Subject: Your sign-in link/m);
    expect(received[0]).toMatch(/^List-Unsubscribe: <https:\/\/tracker\.example\/unsubscribe\/x>/m);
    expect(received[0]).toMatch(/^Message-ID: <digest\.2026-W49\.0a1b@tracker\.example>/m);
    expect(received[0]).toContain('Follow this link');
  });

  it('writes the message to the log when no SMTP server is configured', async () => {
    const warn = jest.fn();
    await new LogMailer({ warn }).send({ to: 'a@b.uk', subject: 'S', text: 'T' });
    expect(warn).toHaveBeenCalledWith(
      { mail: { to: 'a@b.uk', subject: 'S', text: 'T' } },
      expect.stringContaining('SMTP_URL'),
    );
  });
});
