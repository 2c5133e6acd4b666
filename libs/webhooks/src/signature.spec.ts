import { createHmac } from 'crypto';
import { deliveryHeaders, newSigningSecret, signatureOf } from './signature';

describe('delivery signatures (Standard Webhooks)', () => {
  it('signs "<id>.<timestamp>.<body>" with HMAC-SHA256 keyed by the bytes of the secret', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const key = Buffer.from(secret.split('_')[1], 'base64');
    expect(key).toHaveLength(32);
    const body = '{"id":"e-1"}';
    const expected = createHmac('sha256', key).update(`e-1.1700000000.${body}`).digest('base64');
    expect(signatureOf(secret, 'e-1', 1700000000, body)).toBe(`v1,${expected}`);
    expect(deliveryHeaders(secret, 'e-1', 1700000000, body)).toEqual({
      'content-type': 'application/json',
      'webhook-id': 'e-1',
      'webhook-timestamp': '1700000000',
      'webhook-signature': `v1,${expected}`,
    });
  });

  it("matches the Standard Webhooks specification's own example", () => {
    // From the specification's reference libraries' tests (standard-webhooks, javascript).
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(signatureOf(secret, id, 1614265330, body)).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('makes a new secret each time', () => {
    expect(newSigningSecret()).not.toBe(newSigningSecret());
  });
});
