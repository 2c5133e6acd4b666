import { Account, DigestFrequency } from '@app/accounts';
import { Role } from '@app/kernel';
import {
  activeAccountOf,
  providerErrorOf,
  refusedAnswerOf,
  secretMethodOf,
  verifiedEmailOf,
} from './oidc-sign-in';

const account = (changes: Partial<Account> = {}): Account => ({
  id: '0b9e1e52-3f4c-4a55-9d0e-7c1f2a3b4c5d',
  email: 'ada@example.gov.uk',
  name: 'Ada Board',
  role: Role.BOARD_MEMBER,
  organisation: 'Department for Education',
  areaCodes: [],
  active: true,
  digest: DigestFrequency.WEEKLY,
  sessionsEndedAt: null,
  version: 1,
  ...changes,
});

describe('signing in with an OpenID Connect provider', () => {
  describe('the verified email', () => {
    it('is the email the provider has verified, trimmed and lower-cased', () => {
      expect(verifiedEmailOf({ email: ' Ada@Example.GOV.uk ', email_verified: true })).toEqual({
        email: 'ada@example.gov.uk',
      });
    });

    it('is refused unless the provider says, as a boolean, that it verified it', () => {
      for (const email_verified of [false, 'true', 1, undefined, null]) {
        expect(verifiedEmailOf({ email: 'ada@example.gov.uk', email_verified })).toEqual({
          email: 'ada@example.gov.uk',
          refusal: {
            page: 'unverified',
            detail: 'the provider has not verified this email address',
          },
        });
      }
    });

    it("takes Entra ID's xms_edov (domain verified) only where email_verified is absent", () => {
      const email = 'ada@example.gov.uk';
      expect(verifiedEmailOf({ email, xms_edov: true })).toEqual({ email });
      for (const claims of [
        { xms_edov: false },
        { xms_edov: 'true' },
        {},
        { email_verified: false, xms_edov: true },
      ]) {
        expect(verifiedEmailOf({ email, ...claims })).toMatchObject({
          refusal: { detail: 'the provider has not verified this email address' },
        });
      }
    });

    it('is refused when the provider gave none', () => {
      for (const email of [undefined, '', '  ', 42]) {
        expect(verifiedEmailOf({ email, email_verified: true })).toEqual({
          email: null,
          refusal: { page: 'failed', detail: 'the provider gave no email address' },
        });
      }
    });
  });

  describe('the account found by that email', () => {
    it('may sign in when active', () => {
      const active = account();
      expect(activeAccountOf(active)).toEqual({ account: active });
    });

    it('is refused when there is none, or it is deactivated, with whom to ask', () => {
      expect(activeAccountOf(null)).toEqual({
        refusal: { page: 'no-account', detail: 'no account has this email' },
      });
      expect(activeAccountOf(account({ active: false }))).toEqual({
        refusal: { page: 'no-account', detail: 'the account is deactivated' },
      });
    });
  });

  it("puts the provider's refusal in words", () => {
    expect(
      providerErrorOf({
        error: 'access_denied',
        error_description: 'End-User aborted interaction',
      }),
    ).toBe(
      'the person or the provider declined the sign-in (access_denied: End-User aborted interaction)',
    );
    expect(providerErrorOf({ error: 'server_error' })).toBe('the provider answered server_error');
    expect(providerErrorOf({ error: ['a', 'b'] })).toBe('the provider answered unknown');
    expect(providerErrorOf({ error: 'x'.repeat(500) })).toHaveLength(
      'the provider answered '.length + 100,
    );
  });

  it('says why an answer was not accepted, with the causes openid-client gives', () => {
    const error = new Error('invalid response encountered', {
      cause: new Error('JWS signature verification failed', { cause: { not: 'an error' } }),
    });
    expect(refusedAnswerOf(error)).toBe(
      "the provider's answer was not accepted: invalid response encountered: JWS signature verification failed",
    );
    expect(refusedAnswerOf('down')).toBe("the provider's answer was not accepted: down");
  });

  it("sends the client's secret as the provider takes it, or says it cannot", () => {
    expect(secretMethodOf(undefined)).toBe('client_secret_basic');
    expect(secretMethodOf(['client_secret_post', 'client_secret_basic'])).toBe(
      'client_secret_basic',
    );
    expect(secretMethodOf(['private_key_jwt', 'client_secret_post'])).toBe('client_secret_post');
    // GOV.UK One Login takes only a signed assertion.
    expect(secretMethodOf(['private_key_jwt'])).toBeNull();
  });
});
