import { createHash, createHmac, timingSafeEqual } from 'crypto';

/** What an unsubscribe token may do, inside its MAC: a token made for something else fails. */
const PURPOSE = 'unsubscribe-from-digests';

const macOf = (secret: string, accountId: string): Buffer =>
  createHmac('sha256', secret).update(`${PURPOSE}\n${accountId}`).digest();

/**
 * The token of a person's one-click unsubscribe link: their account id and an HMAC of it. It
 * never expires (a mail read months later must still work) and can only ever stop digests.
 */
export const unsubscribeToken = (secret: string, accountId: string): string =>
  `${accountId}.${macOf(secret, accountId).toString('base64url')}`;

/** The account a token was made for, or null for a token this server did not make. */
export function accountOfUnsubscribeToken(secret: string, token: string): string | null {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const accountId = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = macOf(secret, accountId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? accountId : null;
}

/**
 * The Message-ID of a person's digest for a period: the same every time it is sent, so a digest
 * sent again after a crash between the SMTP server's acceptance and its record is the same
 * message to every mail system that keeps Message-IDs (and to anyone counting them).
 */
export const digestMessageId = (accountId: string, period: string, domain: string): string =>
  `<digest.${period}.${createHash('sha256').update(`${accountId}\n${period}`).digest('hex').slice(0, 32)}@${domain}>`;
