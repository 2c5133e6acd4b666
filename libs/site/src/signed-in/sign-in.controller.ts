import { Body, Controller, Get, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, TokenRegister } from '@app/access';
import { Actor, Role } from '@app/kernel';
import { setPageHeaders } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';
import { homeOf } from './signed-in-actor';
import { nextPageOf, pastedTokenOf, SignInForm, UNKNOWN_TOKEN } from './sign-in-form';
import { assertCsrfToken, csrfTokenOf, SignedInForm, SignedInPageFilter } from './signed-in-page';
import { SingleSignOn } from './single-sign-on';

/** The session cookie's name; its settings are in sessions.ts. */
export const SESSION_COOKIE = 'rt_session';

/**
 * Signing in to the pages by pasting an access token (until people have accounts), and
 * signing out. The token is checked once, here; the session keeps only its id, so the token
 * itself never reaches the browser's storage.
 */
@Controller()
export class SignInController {
  constructor(
    private readonly tokens: TokenRegister,
    private readonly settings: SiteSettings,
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
  async signIn(
    @Body() form: SignInForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    // The form carries a token of the visit's session too: another site cannot sign a
    // browser in to an account of its choosing.
    assertCsrfToken(request, (form as Record<string, unknown>)?._csrf);
    const next = nextPageOf(form?.next);
    const pasted = pastedTokenOf(form ?? {});
    if ('problem' in pasted)
      return this.showForm(request, reply, { next, problem: pasted.problem });
    const actor = await this.tokens.authenticate(pasted.token);
    if (!actor) return this.showForm(request, reply, { next, problem: UNKNOWN_TOKEN });
    // A new session id at sign-in: one planted in the browser beforehand is worth nothing.
    await request.session.regenerate();
    const now = Date.now();
    request.session.tokenId = actor.id;
    request.session.signedInAt = now;
    request.session.lastSeenAt = now;
    return reply.redirect(next ?? homeOf(actor.role), 303);
  }

  @Post('sign-out')
  @SignedInForm(...Object.values(Role))
  async signOut(
    @CurrentActor() _actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const idToken = request.session.oidcIdToken;
    await request.session.destroy();
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

  private showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    model: { next: string | null; problem?: { text: string; href: string } },
  ): FastifyReply {
    this.pageHeaders(request, reply);
    return reply.code(model.problem ? 400 : 200).view('signed-in/sign-in.njk', {
      next: model.next,
      csrfToken: csrfTokenOf(request),
      problems: model.problem ? [model.problem] : [],
      tokenError: model.problem?.text,
      oidc: this.singleSignOn.button(model.next),
    });
  }

  private pageHeaders(request: FastifyRequest, reply: FastifyReply): void {
    setPageHeaders(reply, request, this.settings);
    void reply.header('cache-control', 'no-store');
  }
}
