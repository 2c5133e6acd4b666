import {
  applyDecorators,
  ArgumentsHost,
  CallHandler,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseFilters,
  UseInterceptors,
  CanActivate,
  UseGuards,
} from '@nestjs/common';
import Tokens from '@fastify/csrf';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { requestContextOf, Roles, SIGNED_IN_KEY } from '@app/access';
import { DomainError, ErrorCode, Role } from '@app/kernel';
import { sendNotFoundPage } from '../layout/not-found-page';
import { setPageHeaders } from '../layout/public-page';
import { SiteSettings } from '../layout/site-settings';
import { signedInActorView } from './signed-in-actor';

const csrf = new Tokens({ userInfo: false });

/** The CSRF token for the next form of this session, made with the session's secret. */
export function csrfTokenOf(request: FastifyRequest): string {
  const session = request.session;
  if (!session.csrfSecret) {
    // A visit's session, before sign-in: kept (and idle from) now.
    session.csrfSecret = csrf.secretSync();
    session.lastSeenAt ??= Date.now();
  }
  return csrf.create(session.csrfSecret);
}

/** Refuses (403, nothing done) a form whose `_csrf` was not made for this session. */
export function assertCsrfToken(request: FastifyRequest, token: unknown): void {
  const secret = request.session?.csrfSecret;
  if (!secret || typeof token !== 'string' || !csrf.verify(secret, token)) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'The form was not sent from this session', {
      reason: 'csrf',
    });
  }
}

/** A one-time message for the next signed-in page: "Milestone reported", after a redirect. */
export function notify(request: FastifyRequest, text: string): void {
  request.session.notice = text;
}

/** The person signed in (if the guard got that far) and the CSRF token of the page's forms. */
function signedInLocals(host: ArgumentsHost, request: FastifyRequest): Record<string, unknown> {
  const { actor } = requestContextOf(host);
  return {
    signedIn: actor ? signedInActorView(actor) : null,
    csrfToken: request.session ? csrfTokenOf(request) : null,
  };
}

/**
 * What every signed-in page and form carries: the site's headers, never cached (it holds what
 * the person may see), and for its template the person, the navigation, a CSRF token for its
 * forms and the notice left by the last change.
 */
@Injectable()
export class SignedInPageInterceptor implements NestInterceptor {
  constructor(private readonly settings: SiteSettings) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    setPageHeaders(reply, request, this.settings);
    void reply.header('cache-control', 'no-store');
    const notice = request.session.notice;
    if (notice !== undefined) delete request.session.notice;
    reply.locals = { ...reply.locals, ...signedInLocals(context, request), notice };
    return next.handle();
  }
}

/** Checks a urlencoded form's `_csrf` before its handler runs. */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    assertCsrfToken(request, (request.body as Record<string, unknown> | undefined)?._csrf);
    return true;
  }
}

/**
 * A signed-in page's refusals, as pages: no session sends the browser to sign in and back
 * (303); a role or area the person may not use, or a form not sent from their session, gets
 * "You cannot use this page" with 403; something not there gets "Page not found". A page's own
 * forms turn the refusals they expect into errors beside their fields before this is reached.
 */
@Catch(DomainError)
export class SignedInPageFilter implements ExceptionFilter {
  constructor(private readonly settings: SiteSettings) {}

  catch(error: DomainError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    setPageHeaders(reply, request, this.settings);
    void reply.header('cache-control', 'no-store');
    reply.locals = { ...reply.locals, ...signedInLocals(host, request) };
    if (error.code === ErrorCode.UNAUTHENTICATED) {
      void reply.redirect(`/sign-in?${new URLSearchParams({ next: request.url }).toString()}`, 303);
      return;
    }
    if (error.code === ErrorCode.FORBIDDEN) {
      const staleForm = error.details?.reason === 'csrf';
      void reply.code(403).view('signed-in/forbidden.njk', { staleForm });
      return;
    }
    if (error.code === ErrorCode.NOT_FOUND) {
      void sendNotFoundPage(request, reply, this.settings);
      return;
    }
    void reply.code(409).view('signed-in/refused.njk', { message: error.message });
  }
}

const signedIn = (roles: Role[]) =>
  applyDecorators(
    SetMetadata(SIGNED_IN_KEY, true),
    Roles(...roles),
    UseFilters(SignedInPageFilter),
    UseInterceptors(SignedInPageInterceptor),
  );

/**
 * A page for signed-in people of these roles, authenticated by the session's cookie (the
 * access guard): the handler takes `@CurrentActor()` as a resolver does, and `@Res()`.
 */
export const SignedInPage = (...roles: Role[]): MethodDecorator & ClassDecorator => signedIn(roles);

/** A urlencoded form's POST for these roles: as a page, and its CSRF token checked first. */
export const SignedInForm = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(signedIn(roles), UseGuards(CsrfGuard));
