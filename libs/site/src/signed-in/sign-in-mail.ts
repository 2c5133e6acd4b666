import type { MailMessage } from '@app/platform';

/** What the mail of a sign-in link says: for whom, the link, its limits, and if not asked for. */
export function signInMail(mail: {
  to: string;
  name: string;
  link: string;
  /** "15 minutes". */
  linkTime: string;
  /** Where to ask for a new link. */
  signInPage: string;
}): MailMessage {
  return {
    to: mail.to,
    subject: 'Your link to sign in to Reform Tracker',
    text: [
      `Dear ${mail.name},`,
      '',
      `Someone asked to sign in to Reform Tracker as ${mail.to}. To sign in, open this link:`,
      '',
      mail.link,
      '',
      `The link works once, for ${mail.linkTime}. After that, ask for a new one at ${mail.signInPage}`,
      '',
      'If you did not ask to sign in, you need do nothing: no one can sign in as you without this link. Do not forward this email. If you get these emails without asking, tell an administrator of Reform Tracker.',
      '',
      'Reform Tracker',
    ].join('\n'),
  };
}
