import type { Account } from '@app/accounts';

/** Where the provider sends people back; registered with the provider as the redirect URI. */
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

/** What is asked of the provider: who the person is, and their email to find their account. */
export const OIDC_SCOPE = 'openid email profile';

/** Why a sign-in with the provider was refused, for the page and the security log. */
export interface OidcRefusal {
  /**
   * The page to show: no account for this person, an email the provider has not confirmed (a
   * page of its own: the person may well have an account), or sign-in did not work.
   */
  page: 'no-account' | 'unverified' | 'failed';
  /** In words, for the security log. */
  detail: string;
}

/** The email the provider vouches for, or why there is none to match an account by. */
export function verifiedEmailOf(claims: {
  email?: unknown;
  email_verified?: unknown;
  xms_edov?: unknown;
}): { email: string } | { email: string | null; refusal: OidcRefusal } {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email) {
    return {
      email: null,
      refusal: { page: 'failed', detail: 'the provider gave no email address' },
    };
  }
  // Only a provider's own word that the person proved the address; a string "true" is not it.
  // Entra ID sends no email_verified for work accounts; its optional claim xms_edov says the
  // address's domain is verified as the tenant's own, which is the same assurance.
  const verified =
    claims.email_verified === undefined ? claims.xms_edov === true : claims.email_verified === true;
  if (!verified) {
    return {
      email,
      refusal: { page: 'unverified', detail: 'the provider has not verified this email address' },
    };
  }
  return { email };
}

/** The account found by the verified email, if it may sign in; else why not. */
export function activeAccountOf(
  account: Account | null,
): { account: Account } | { refusal: OidcRefusal } {
  if (!account) return { refusal: { page: 'no-account', detail: 'no account has this email' } };
  if (!account.active)
    return { refusal: { page: 'no-account', detail: 'the account is deactivated' } };
  return { account };
}

/**
 * The provider's own refusal in the redirect back (`error=access_denied`...), in words for the
 * security log; its description is the provider's, kept short.
 */
export function providerErrorOf(query: { error?: unknown; error_description?: unknown }): string {
  const code = typeof query.error === 'string' ? query.error.slice(0, 100) : 'unknown';
  const description =
    typeof query.error_description === 'string' ? `: ${query.error_description.slice(0, 200)}` : '';
  return code === 'access_denied'
    ? `the person or the provider declined the sign-in (access_denied${description})`
    : `the provider answered ${code}${description}`;
}

/**
 * Why openid-client refused the provider's answer, in its own words with their causes ("invalid
 * response encountered: JWS signature verification failed"), for the security log.
 */
export function refusedAnswerOf(error: unknown): string {
  const reasons: string[] = [];
  for (let cause = error; cause instanceof Error && reasons.length < 4; cause = cause.cause)
    reasons.push(cause.message);
  return `the provider's answer was not accepted: ${reasons.join(': ') || String(error)}`;
}

/** How the token endpoint takes the client's secret: its default (basic) unless it lists only post. */
export function secretMethodOf(
  supported: string[] | undefined,
): 'client_secret_basic' | 'client_secret_post' | null {
  if (!supported || supported.includes('client_secret_basic')) return 'client_secret_basic';
  return supported.includes('client_secret_post') ? 'client_secret_post' : null;
}

/**
 * Seconds to wait before each further try at discovering a provider that did not answer at
 * start-up; after the last, it is tried again when someone asks to sign in with it.
 */
export const DISCOVERY_RETRY_SECONDS = [1, 2, 4, 8, 16] as const;

/** A provider that could not be discovered is tried again on demand, at most this often. */
export const DISCOVERY_RETRY_ON_DEMAND_MS = 60_000;
