import {
  Body,
  Controller,
  Get,
  Logger,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CurrentActor,
  Public,
  SecurityLog,
  type SecurityEvent,
  SignInLimits,
  SignInLinks,
  WebSessions,
} from '@app/access';
import { AccountDirectory, actorOfAccount } from '@app/accounts';
import { Actor, Role } from '@app/kernel';
import { Mailer } from '@app/platform';
import { govukDateTime } from '../layout/dates';
import { setPageHeaders } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';
import { startAccountSession } from './account-session';
import { homeOf } from './signed-in-actor';
import {
  durationInWords,
  enteredEmailOf,
  type FormProblem,
  nextPageOf,
  type SignInForm,
} from './sign-in-form';
import { signInMail } from './sign-in-mail';
import { assertCsrfToken, csrfTokenOf, SignedInForm, SignedInPageFilter } from './signed-in-page';
import { SingleSignOn } from './single-sign-on';

/** The session cookie's name; its settings are in sessions.ts. */
export const SESSION_COOKIE = 'rt_session';

/** Why a followed link was refused, as the security log says it, and the page's status. */
const LINK_REFUSALS = {
  unknown: { detail: 'the link is not recognised', status: 400 },
  used: { detail: 'the link has already been used', status: 410 },
  expired: { detail: 'the link has expired', status: 410 },
  inactive: { detail: 'the account has been deactivated', status: 403 },
} as const;

/**
 * Signing in by email link, and signing out. A person gives their email; if an active account
 * has it, a one-time link is mailed. The page answers the same either way, before the account
 * is even looked up, so it tells no one which addresses have accounts. The link opens a page
 * whose button (a POST: mail scanners open links) uses it up and starts the session.
 */
@Controller()
export class SignInController {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly settings: SiteSettings,
    private readonly accounts: AccountDirectory,
    private readonly links: SignInLinks,
    private readonly limits: SignInLimits,
    private readonly securityLog: SecurityLog,
    private readonly mailer: Mailer,
    private readonly sessions: WebSessions,
    private readonly singleSignOn: SingleSignOn,
  ) {}

  @Get('sign-in')
  @Public()
  signInPage(
    @Query('next') next: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    return this.showForm(request, reply, { next: nextPageOf(next) });
  }

  @Post('sign-in')
  @Public()
  @UseFilters(SignedInPageFilter)
  async askForLink(
    @Body() form: SignInForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // The form carries a token of the visit's session: another site cannot make this browser
    // ask for links (nor, by the link's form, sign it in to an account of its choosing).
    assertCsrfToken(request, (form as Record<string, unknown>)?._csrf);
    const next = nextPageOf(form?.next);
    const entered = enteredEmailOf(form ?? {});
    if ('problem' in entered) {
      return this.showForm(request, reply, {
        next,
        email: typeof form?.email === 'string' ? form.email : '',
        problem: entered.problem,
      });
    }
    const { email } = entered;
    const clientAddress = request.ip;
    const retryAt = await this.limits.attempt({ email, clientAddress });
    if (retryAt) return this.refuseAttempt(request, reply, retryAt, { email });
    // Answered now, mailed after: the answer's time says nothing of whether the account exists.
    void this.sendLink(email, next, request).catch((error: unknown) =>
      this.logger.error({ err: error, msg: 'a sign-in link could not be sent' }),
    );
    this.pageHeaders(request, reply);
    return reply.code(200).view('signed-in/check-your-email.njk', {
      email,
      next,
      linkTime: durationInWords(this.links.lifetimeMs),
    });
  }

  @Get('sign-in/link/:token')
  @Public()
  linkPage(
    @Param('token') token: string,
    @Query('next') next: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): FastifyReply {
    this.pageHeaders(request, reply);
    // The token is in the address: not to be sent on to another site as the referrer.
    void reply.header('referrer-policy', 'no-referrer');
    return reply.view('signed-in/follow-link.njk', {
      action: `/sign-in/link/${encodeURIComponent(token)}`,
      next: nextPageOf(next),
      csrfToken: csrfTokenOf(request),
    });
  }

  @Post('sign-in/link/:token')
  @Public()
  @UseFilters(SignedInPageFilter)
  async followLink(
    @Param('token') token: string,
    @Body() form: { next?: unknown },
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    assertCsrfToken(request, (form as Record<string, unknown>)?._csrf);
    const clientAddress = request.ip;
    const retryAt = await this.limits.attempt({ clientAddress });
    if (retryAt) return this.refuseAttempt(request, reply, retryAt, {});
    const outcome = await this.links.consume(token);
    if ('refused' in outcome) return this.refuseLink(request, reply, outcome.refused);
    const account = await this.accounts.byId(outcome.accountId);
    if (!account?.active) return this.refuseLink(request, reply, 'inactive', outcome.accountId);
    await startAccountSession(request, account.id, 'email');
    await this.log(request, { kind: 'SIGNED_IN', accountId: account.id, email: account.email });
    return reply.redirect(nextPageOf(form?.next) ?? homeOf(actorOfAccount(account).role), 303);
  }

  @Post('sign-out')
  @SignedInForm(...Object.values(Role))
  async signOut(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const method = request.session.signInMethod ?? null;
    const idToken = request.session.oidcIdToken;
    await request.session.destroy();
    await this.log(request, { kind: 'SIGNED_OUT', method, accountId: actor.id });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    // Signed in with the provider: signed out there too, and back at /signed-out.
    const signedOut = this.settings.absoluteUrl(request, '/signed-out');
    const provider = idToken ? this.singleSignOn.endSessionUrl(idToken, signedOut) : null;
    return reply.redirect(provider ?? '/signed-out', 303);
  }

  @Get('signed-out')
  @Public()
  signedOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    this.pageHeaders(request, reply);
    return reply.view('signed-in/signed-out.njk');
  }

  /** Mails a link if an active account has the email; either way the log says what happened. */
  private async sendLink(email: string, next: string | null, request: FastifyRequest) {
    const account = await this.accounts.byEmail(email);
    if (!account?.active) {
      await this.log(request, {
        kind: 'SIGN_IN_REFUSED',
        accountId: account?.id ?? null,
        email,
        detail: account ? 'the account has been deactivated' : 'no account has this email',
      });
      return;
    }
    const token = await this.links.issue(account.id);
    const path = `/sign-in/link/${token}${next ? `?${new URLSearchParams({ next }).toString()}` : ''}`;
    await this.mailer.send(
      signInMail({
        to: account.email,
        name: account.name,
        link: this.settings.absoluteUrl(request, path),
        linkTime: durationInWords(this.links.lifetimeMs),
        signInPage: this.settings.absoluteUrl(request, '/sign-in'),
      }),
    );
    await this.log(request, { kind: 'SIGN_IN_LINK_SENT', accountId: account.id, email });
  }

  /** A link that signs no one in: logged, and a page saying why with a way to ask again. */
  private async refuseLink(
    request: FastifyRequest,
    reply: FastifyReply,
    reason: keyof typeof LINK_REFUSALS,
    accountId: string | null = null,
  ): Promise<FastifyReply> {
    const { detail, status } = LINK_REFUSALS[reason];
    await this.log(request, { kind: 'SIGN_IN_REFUSED', accountId, detail });
    this.pageHeaders(request, reply);
    return reply.code(status).view('signed-in/link-refused.njk', {
      reason,
      linkTime: durationInWords(this.links.lifetimeMs),
    });
  }

  /** 429, saying when to try again; logged, and nothing sent. */
  private async refuseAttempt(
    request: FastifyRequest,
    reply: FastifyReply,
    retryAt: Date,
    { email }: { email?: string },
  ): Promise<FastifyReply> {
    await this.log(request, {
      kind: 'RATE_LIMITED',
      email: email ?? null,
      detail: `too many attempts: refused until ${retryAt.toISOString()}`,
    });
    this.pageHeaders(request, reply);
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
    void reply.header('retry-after', String(seconds));
    return reply.code(429).view('signed-in/too-many-attempts.njk', {
      retryAt: govukDateTime(retryAt),
    });
  }

  private log(
    request: FastifyRequest,
    event: Pick<SecurityEvent, 'kind'> & Partial<SecurityEvent>,
  ): Promise<void> {
    return this.securityLog.record({
      method: 'email',
      accountId: null,
      email: null,
      detail: null,
      ...event,
      clientAddress: request.ip,
    });
  }

  private showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    model: { next: string | null; email?: string; problem?: FormProblem },
  ): FastifyReply {
    this.pageHeaders(request, reply);
    const { idleMs, maxMs } = this.sessions.lifetimes;
    return reply.code(model.problem ? 400 : 200).view('signed-in/sign-in.njk', {
      next: model.next,
      email: model.email ?? '',
      csrfToken: csrfTokenOf(request),
      problems: model.problem ? [model.problem] : [],
      emailError: model.problem?.text,
      idleTime: durationInWords(idleMs),
      maxTime: durationInWords(maxMs),
      oidc: this.singleSignOn.button(model.next),
    });
  }

  private pageHeaders(request: FastifyRequest, reply: FastifyReply): void {
    setPageHeaders(reply, request, this.settings);
    void reply.header('cache-control', 'no-store');
  }
}
