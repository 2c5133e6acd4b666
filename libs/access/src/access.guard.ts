import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor, assertRole, DomainError, ErrorCode, Role } from '@app/kernel';
import { AccountActors } from './account-actors';
import { PUBLIC_KEY, requestContextOf, ROLES_KEY, SIGNED_IN_KEY } from './roles';
import { lastSeenGranularityMs, sessionExpiry, WebSessions } from './sessions/web-sessions';
import { TokenRegister } from './token-register';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header, if it has one. */
export const bearerTokenOf = (authorization: string | undefined): string | undefined =>
  BEARER.exec(authorization ?? '')?.[1];

/**
 * Authenticates every GraphQL operation and HTTP request (but `@Public()` routes) by its
 * bearer token, or for the signed-in pages (`SIGNED_IN_KEY`) by the web session's cookie (a
 * person's account, signed in by email link or OpenID Connect), then
 * checks the role. A page never takes a bearer token, and the API never takes the cookie: the
 * cookie alone would let another site's form act for the person (the pages check a CSRF token).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegister,
    private readonly accounts: AccountActors,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'graphql' && type !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    const request = requestContextOf(context);
    if (this.reflector.getAllAndOverride<boolean | undefined>(SIGNED_IN_KEY, targets)) {
      const actor = await this.sessionActor(
        context.switchToHttp().getRequest<FastifyRequest>(),
        Date.now(),
      );
      if (!actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Sign in to see this page');
      return this.admit(request, actor, targets);
    }
    const token = bearerTokenOf(request.authorization);
    const { actor, expired } = token
      ? await this.tokens.check(token)
      : { actor: null, expired: false };
    if (!actor) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        !token
          ? 'A bearer token is required'
          : expired
            ? 'The bearer token has expired'
            : 'The bearer token is unknown or revoked',
      );
    }
    return this.admit(request, actor, targets);
  }

  private admit(
    request: ReturnType<typeof requestContextOf>,
    actor: Actor,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): boolean {
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles) assertRole(actor, roles);
    return true;
  }

  /**
   * Who a web session speaks for: its account's actor, asked afresh on every request, while the
   * account is active, its sessions not ended since sign-in, and the session within its time;
   * seeing it keeps it from going idle.
   */
  private async sessionActor(request: FastifyRequest, now: number): Promise<Actor | null> {
    const { session, sessionStore } = request;
    // The store is the WebSessions that @fastify/session was given (site's sessions.ts).
    const { lifetimes } = sessionStore as WebSessions;
    if (!session?.accountId || sessionExpiry(session, lifetimes) <= now) return null;
    const actor = await this.accounts.actorOf(session.accountId, session.signedInAt ?? 0);
    if (actor && now - (session.lastSeenAt ?? 0) >= lastSeenGranularityMs(lifetimes)) {
      session.lastSeenAt = now;
    }
    return actor;
  }
}
