import { LogMailer, SmtpMailer } from './mail';
import { startSmtpSink } from './testing/smtp-sink';

describe('Mailer', () => {
  it('sends through a real SMTP server, headers and all', async () => {
    const smtp = await startSmtpSink();
    const mailer = new SmtpMailer(smtp.url, 'Reform Tracker <tracker@example.gov.uk>');
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
      await smtp.close();
    }
    const received = smtp.received.map((mail) => mail.raw);
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
