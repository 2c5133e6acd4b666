import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, SecurityLog } from '@app/access';
import { AccountDirectory } from '@app/accounts';
import { sendNotFoundPage } from '../layout/not-found-page';
import { setPageHeaders } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';
import { startAccountSession } from './account-session';
import {
  activeAccountOf,
  OIDC_CALLBACK_PATH,
  OidcRefusal,
  providerErrorOf,
  refusedAnswerOf,
  verifiedEmailOf,
} from './oidc-sign-in';
import { nextPageOf } from './sign-in-form';
import { homeOf } from './signed-in-actor';
import { OidcChecks, SingleSignOn } from './single-sign-on';

declare module 'fastify' {
  interface Session {
    /** A sign-in with the provider under way: its checks, and the page to go to after. */
    oidcSignIn?: OidcChecks & { next: string | null };
    /** The ID token of a person signed in with the provider, for signing out there too. */
    oidcIdToken?: string;
  }
}

/**
 * Signing in with the organisation's single sign-on (OpenID Connect, the authorization code
 * flow with PKCE). The person is matched to an active account by the email the provider has
 * verified; nobody gets an account by signing in.
 */
@Controller()
export class OidcSignInController {
  constructor(
    private readonly singleSignOn: SingleSignOn,
    private readonly accounts: AccountDirectory,
    private readonly securityLog: SecurityLog,
    private readonly settings: SiteSettings,
  ) {}

  @Get('sign-in/oidc')
  @Public()
  async start(
    @Query('next') next: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (!this.singleSignOn.name) return sendNotFoundPage(request, reply, this.settings);
    const redirect = await this.singleSignOn.authorizationUrl(this.callbackUrl(request));
    if (!redirect) return this.failed(request, reply, 503, 'unavailable');
    // Kept on the server, in the visit's session (idle from now), until the person is back.
    request.session.oidcSignIn = { ...redirect.checks, next: nextPageOf(next) };
    request.session.lastSeenAt ??= Date.now();
    return reply.redirect(redirect.url, 303);
  }

  @Get('sign-in/oidc/callback')
  @Public()
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    if (!this.singleSignOn.name) return sendNotFoundPage(request, reply, this.settings);
    // Used once, whatever comes of it.
    const pending = request.session.oidcSignIn;
    delete request.session.oidcSignIn;
    if (!pending) {
      return this.refuse(request, reply, {
        page: 'failed',
        detail: 'the sign-in was not started in this browser session, or took too long',
      });
    }
    if (query.error !== undefined)
      return this.refuse(request, reply, { page: 'failed', detail: providerErrorOf(query) });
    let identity;
    try {
      const callbackUrl = new URL(this.callbackUrl(request));
      callbackUrl.search = new URL(request.url, 'http://site').search;
      identity = await this.singleSignOn.identify(callbackUrl, pending);
    } catch (error) {
      return this.refuse(request, reply, { page: 'failed', detail: refusedAnswerOf(error) });
    }
    const verified = verifiedEmailOf(identity.claims);
    if ('refusal' in verified)
      return this.refuse(request, reply, verified.refusal, { email: verified.email });
    const matched = await this.accounts.byEmail(verified.email);
    const found = activeAccountOf(matched);
    if ('refusal' in found) {
      return this.refuse(request, reply, found.refusal, {
        email: verified.email,
        accountId: matched?.id ?? null,
      });
    }
    const { account } = found;
    await startAccountSession(request, account.id, 'oidc');
    request.session.oidcIdToken = identity.idToken;
    await this.securityLog.record({
      kind: 'SIGNED_IN',
      method: 'oidc',
      accountId: account.id,
      email: account.email,
      clientAddress: request.ip,
      detail: null,
    });
    return reply.redirect(pending.next ?? homeOf(account.role), 303);
  }

  /** Logged with the reason, and shown as a page; no session is started. */
  private async refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    refusal: OidcRefusal,
    { email = null, accountId = null }: { email?: string | null; accountId?: string | null } = {},
  ): Promise<FastifyReply> {
    await this.securityLog.record({
      kind: 'SIGN_IN_REFUSED',
      method: 'oidc',
      accountId,
      email,
      clientAddress: request.ip,
      detail: refusal.detail,
    });
    if (refusal.page !== 'failed') {
      this.pageHeaders(request, reply);
      return reply.code(403).view('signed-in/no-account.njk', {
        unverified: refusal.page === 'unverified',
        providerName: this.singleSignOn.name,
        supportEmail: this.settings.options.supportEmail,
      });
    }
    return this.failed(request, reply, 400, 'failed');
  }

  private failed(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    problem: 'failed' | 'unavailable',
  ): FastifyReply {
    this.pageHeaders(request, reply);
    return reply.code(status).view('signed-in/oidc-failed.njk', {
      problem,
      providerName: this.singleSignOn.name,
      supportEmail: this.settings.options.supportEmail,
    });
  }

  /** The redirect URI registered with the provider: on PUBLIC_URL, else this request's origin. */
  private callbackUrl(request: FastifyRequest): string {
    return this.settings.absoluteUrl(request, OIDC_CALLBACK_PATH);
  }

  private pageHeaders(request: FastifyRequest, reply: FastifyReply): void {
    setPageHeaders(reply, request, this.settings);
    void reply.header('cache-control', 'no-store');
  }
}
