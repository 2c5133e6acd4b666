import { createHmac, randomBytes } from 'crypto';

/**
 * Signing as the Standard Webhooks specification has it (standardwebhooks.com): the secret is
 * `whsec_` and 32 random bytes in base64, the key is those bytes, and the signature is
 * `v1,` and the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`. Its libraries verify these.
 */
const SECRET_PREFIX = 'whsec_';

export const newSigningSecret = (): string =>
  `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

export function signatureOf(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/** The headers of a delivery: the event id is the idempotency key. */
export function deliveryHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signatureOf(secret, id, timestampSeconds, body),
  };
}
