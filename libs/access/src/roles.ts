import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor, DomainError, ErrorCode, InvalidInputError, Role } from '@app/kernel';

export const ROLES_KEY = 'tracker:roles';

/** Restricts a resolver to these roles; without it any authenticated role may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Lifecycle decisions are the board's; admins may act for it. */
export const BOARD_DECISION_ROLES = [Role.BOARD_MEMBER, Role.ADMIN] as const;

/** The GraphQL context shared by guards and resolvers. */
export interface RequestContext {
  actor?: Actor;
  requestId: string;
  correlationId: string;
  authorization?: string;
}

export const requestContextOf = (context: ExecutionContext): RequestContext =>
  GqlExecutionContext.create(context).getContext<RequestContext>();

/** The authenticated actor; resolvers behind the access guard always have one. */
export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const { actor } = requestContextOf(context);
    if (!actor) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'A bearer token is required');
    return actor;
  },
);

/** The request's ids, for command metadata and logs. */
export const CurrentRequest = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => requestContextOf(context),
);

/** A local authority token speaks for one area; every other role for none. */
export function assertTokenScope(
  role: Role,
  areaCode: string | null,
  isKnownArea: (code: string) => boolean,
): void {
  if (role === Role.LOCAL_AUTHORITY && !areaCode) {
    throw new InvalidInputError(
      'area',
      'requiredForLocalAuthority',
      'A LOCAL_AUTHORITY token needs --area GSS',
    );
  }
  if (role !== Role.LOCAL_AUTHORITY && areaCode) {
    throw new InvalidInputError(
      'area',
      'onlyForLocalAuthority',
      `A ${role} token is not bound to an area`,
    );
  }
  if (areaCode && !isKnownArea(areaCode)) {
    throw new DomainError(ErrorCode.UNKNOWN_AREA, `Unknown area code ${areaCode}`, { areaCode });
  }
}

/** Roles that define programmes, enrol areas and set targets. */
export const PROGRAMME_ROLES = [Role.BOARD_MEMBER, Role.ADMIN] as const;
/** Roles that report progress: the board and admins for any area, local authorities for their own. */
export const REPORTING_ROLES = [Role.BOARD_MEMBER, Role.ADMIN, Role.LOCAL_AUTHORITY] as const;
/** Roles that read every area's and every stream's history. */
export const READ_ALL_ROLES = [Role.BOARD_MEMBER, Role.ADMIN, Role.AUDITOR] as const;

/** A local authority speaks only for its own area; the board and admins for any. */
export function assertMayReportFor(actor: Actor, areaCode: string): void {
  if (actor.role === Role.LOCAL_AUTHORITY && actor.organisation !== areaCode) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      `A LOCAL_AUTHORITY token for ${actor.organisation ?? 'no area'} may report only for its own area, not ${areaCode}`,
      { field: 'areaCode', areaCode, organisation: actor.organisation },
    );
  }
  if (actor.role === Role.AUDITOR) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'An AUDITOR reads but does not report', {
      role: actor.role,
    });
  }
}
