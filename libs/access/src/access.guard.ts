import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { assertRole, DomainError, ErrorCode, Role } from '@app/kernel';
import { PUBLIC_KEY, requestContextOf, ROLES_KEY } from './roles';
import { TokenRegister } from './token-register';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of an `Authorization: Bearer <token>` header, if it has one. */
export const bearerTokenOf = (authorization: string | undefined): string | undefined =>
  BEARER.exec(authorization ?? '')?.[1];

/**
 * Authenticates every GraphQL operation and HTTP request (but `@Public()` routes) by its
 * bearer token, then checks the role.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegister,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const type = context.getType<string>();
    if (type !== 'graphql' && type !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    const request = requestContextOf(context);
    const token = bearerTokenOf(request.authorization);
    const actor = token ? await this.tokens.authenticate(token) : null;
    if (!actor) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        token ? 'The bearer token is unknown or revoked' : 'A bearer token is required',
      );
    }
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles) assertRole(actor, roles);
    return true;
  }
}
