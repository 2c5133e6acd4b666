import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, Role } from '@app/kernel';
import { requestContextOf, ROLES_KEY } from './roles';
import { TokenRegister } from './token-register';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Authenticates every GraphQL operation by its bearer token, then checks the role. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegister,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'graphql') return true;
    const request = requestContextOf(context);
    const token = BEARER.exec(request.authorization ?? '')?.[1];
    const actor = token ? this.tokens.authenticate(token) : null;
    if (!actor) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        token ? 'The bearer token is unknown or revoked' : 'A bearer token is required',
      );
    }
    request.actor = actor;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(actor.role)) {
      throw new DomainError(
        ErrorCode.FORBIDDEN,
        `${actor.role} may not do this; it needs ${roles.join(' or ')}`,
        {
          role: actor.role,
          allowedRoles: roles,
        },
      );
    }
    return true;
  }
}
