import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { OidcConfig } from '@app/core';
import {
  DISCOVERY_RETRY_ON_DEMAND_MS,
  DISCOVERY_RETRY_SECONDS,
  OIDC_SCOPE,
  secretMethodOf,
} from './oidc-sign-in';

/** What a sign-in keeps in the visit's session between the redirect out and the way back. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in, its ID token validated in full. */
export interface OidcIdentity {
  claims: { email?: unknown; email_verified?: unknown; xms_edov?: unknown; sub: string };
  /** Kept in the server session for RP-initiated logout (`id_token_hint`). */
  idToken: string;
}

/** Seconds a provider has to answer discovery. */
const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * The OpenID Connect provider named by OIDC_ISSUER (openid-client): discovered once at start,
 * tried again a few times if it does not answer, so that the server starts whatever the
 * provider's state; until it is found, sign-in with it is unavailable and email sign-in works.
 */
export class SingleSignOn implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SingleSignOn');
  private configuration: oidc.Configuration | null = null;
  /** The discovery under way, if any: asking to sign in meanwhile waits for it. */
  private attempt: Promise<void> | null = null;
  /** The next try of the start-up schedule, while one is due. */
  private retryTimer: NodeJS.Timeout | null = null;
  /** When discovery last failed (epoch ms); null if it has not. */
  private lastFailureAt: number | null = null;
  private stopped = false;

  constructor(readonly settings: OidcConfig | null) {}

  /** The button's words, when a provider is configured. */
  get name(): string | null {
    return this.settings?.name ?? null;
  }

  /**
   * Whether the button may send people to the provider: once found, before any failure, and
   * when a failed provider is due to be tried again (which following the button does).
   */
  get available(): boolean {
    return this.configuration !== null || this.lastFailureAt === null || this.retryDue();
  }

  /** The sign-in page's button, when a provider is configured. */
  button(next: string | null): { name: string; available: boolean; href: string } | null {
    if (!this.settings) return null;
    const query = next ? `?${new URLSearchParams({ next }).toString()}` : '';
    return { name: this.settings.name, available: this.available, href: `/sign-in/oidc${query}` };
  }

  onApplicationBootstrap(): void {
    if (this.settings) this.discover(0);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  /** The provider's address for this sign-in, and the checks to keep until the person is back. */
  async authorizationUrl(redirectUri: string): Promise<{ url: string; checks: OidcChecks } | null> {
    const configuration = await this.ready();
    if (!configuration) return null;
    const checks: OidcChecks = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: OIDC_SCOPE,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, checks };
  }

  /**
   * Exchanges the code of the way back (`callbackUrl`, the redirect URI with the provider's
   * query) with the PKCE verifier, and validates the ID token in full: signature against the
   * provider's keys, issuer, audience, expiry, nonce (openid-client, nothing switched off, its
   * signature check switched on); the state is checked first. The email claims come from userinfo when the provider has it (most
   * put them there, not in the ID token), for the same subject. Throws on any failure.
   */
  async identify(callbackUrl: URL, checks: OidcChecks): Promise<OidcIdentity> {
    const configuration = await this.ready();
    if (!configuration) throw new Error('the provider is unavailable');
    const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      pkceCodeVerifier: checks.codeVerifier,
      idTokenExpected: true,
    });
    const idTokenClaims = tokens.claims()!;
    const userinfo = configuration.serverMetadata().userinfo_endpoint
      ? await oidc.fetchUserInfo(configuration, tokens.access_token, idTokenClaims.sub)
      : {};
    return { claims: { ...idTokenClaims, ...userinfo }, idToken: tokens.id_token! };
  }

  /**
   * Where to send a person signing out, so the provider ends its session too (RP-initiated
   * logout), when the provider offers that; null otherwise.
   */
  endSessionUrl(idToken: string, postLogoutRedirectUri: string): string | null {
    const configuration = this.configuration;
    if (!configuration?.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
    }).href;
  }

  /** The provider's configuration; a discovery under way is waited for, a failed one retried. */
  private async ready(): Promise<oidc.Configuration | null> {
    if (!this.configuration && this.settings && this.retryDue())
      this.discover(DISCOVERY_RETRY_SECONDS.length);
    if (!this.configuration && this.attempt) await this.attempt;
    return this.configuration;
  }

  /** After the start-up schedule has run out, and a minute since the last failure. */
  private retryDue(): boolean {
    return (
      !this.attempt &&
      !this.retryTimer &&
      Date.now() - (this.lastFailureAt ?? 0) >= DISCOVERY_RETRY_ON_DEMAND_MS
    );
  }

  /** Tries discovery; on failure, again after the next delay of the schedule, if any is left. */
  private discover(attempt: number): void {
    const settings = this.settings!;
    this.retryTimer = null;
    this.attempt = this.attemptDiscovery(settings).then(
      (configuration) => {
        this.configuration = configuration;
        this.attempt = null;
        this.logger.log(
          `Sign-in with ${settings.name} is ready: discovered the provider at ${settings.issuer}`,
        );
      },
      (error: unknown) => {
        this.attempt = null;
        this.lastFailureAt = Date.now();
        const delay = DISCOVERY_RETRY_SECONDS[attempt];
        const why = `${settings.issuer} could not be discovered (${(error as Error).message})`;
        if (delay === undefined || this.stopped) {
          this.logger.error(
            `Sign-in with ${settings.name} is unavailable: ${why}. People can sign in by email; it is tried again when someone asks to sign in with it, at most once a minute.`,
          );
          return;
        }
        this.logger.warn(
          `Sign-in with ${settings.name} is unavailable for now: ${why}; trying again in ${delay} s`,
        );
        this.retryTimer = setTimeout(() => this.discover(attempt + 1), delay * 1000);
        this.retryTimer.unref();
      },
    );
  }

  private async attemptDiscovery(settings: OidcConfig): Promise<oidc.Configuration> {
    const issuer = new URL(settings.issuer);
    // Plain HTTP is accepted by the configuration only on this machine (development, tests).
    const insecure = issuer.protocol === 'http:';
    const discovered = await oidc.discovery(issuer, settings.clientId, undefined, undefined, {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    const server = discovered.serverMetadata();
    const method = secretMethodOf(server.token_endpoint_auth_methods_supported);
    if (!method) {
      throw new Error(
        `its token endpoint takes only ${server.token_endpoint_auth_methods_supported!.join(', ')}; Reform Tracker sends a client secret (client_secret_basic or client_secret_post)`,
      );
    }
    const configuration = new oidc.Configuration(
      server,
      settings.clientId,
      { client_secret: settings.clientSecret, token_endpoint_auth_method: method },
      method === 'client_secret_basic'
        ? oidc.ClientSecretBasic(settings.clientSecret)
        : oidc.ClientSecretPost(settings.clientSecret),
    );
    if (insecure) oidc.allowInsecureRequests(configuration);
    // The ID token's signature is checked against the provider's keys (jwks_uri) too: by
    // default openid-client trusts a token from the token endpoint for its TLS alone.
    oidc.enableNonRepudiationChecks(configuration);
    return configuration;
  }
}
