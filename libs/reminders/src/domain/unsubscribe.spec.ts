import { accountOfUnsubscribeToken, digestMessageId, unsubscribeToken } from './unsubscribe';

describe('one-click unsubscribe tokens', () => {
  const secret = 'a secret kept in the database';

  it('names the account it was made for', () => {
    const token = unsubscribeToken(secret, '7b0e5a8e-0e1c-4c8e-9a53-0f6f8b1a2c3d');
    expect(token).toMatch(/^7b0e5a8e-0e1c-4c8e-9a53-0f6f8b1a2c3d\.[A-Za-z0-9_-]{43}$/);
    expect(accountOfUnsubscribeToken(secret, token)).toBe('7b0e5a8e-0e1c-4c8e-9a53-0f6f8b1a2c3d');
  });

  it('refuses a token for another account, another secret, or no MAC at all', () => {
    const token = unsubscribeToken(secret, 'a1');
    const mac = token.split('.')[1];
    expect(accountOfUnsubscribeToken(secret, `a2.${mac}`)).toBeNull();
    expect(accountOfUnsubscribeToken('another secret', token)).toBeNull();
    expect(accountOfUnsubscribeToken(secret, 'a1')).toBeNull();
    expect(accountOfUnsubscribeToken(secret, 'a1.')).toBeNull();
    expect(accountOfUnsubscribeToken(secret, `a1.${mac.slice(1)}`)).toBeNull();
  });
});

describe("a digest's Message-ID", () => {
  it('is the same for the same person and period, and differs otherwise', () => {
    const id = digestMessageId('a1', '2026-W49', 'tracker.example');
    expect(id).toMatch(/^<digest\.2026-W49\.[0-9a-f]{32}@tracker\.example>$/);
    expect(digestMessageId('a1', '2026-W49', 'tracker.example')).toBe(id);
    expect(digestMessageId('a2', '2026-W49', 'tracker.example')).not.toBe(id);
    expect(digestMessageId('a1', '2026-W50', 'tracker.example')).not.toBe(id);
  });
});
