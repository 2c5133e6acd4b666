import { ArgumentsHost, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { IncomingHttpHeaders } from 'http';
import { Actor, DomainError, ErrorCode, InvalidInputError, Role } from '@app/kernel';
import type { LiveConnection } from './live-connections';

export const ROLES_KEY = 'tracker:roles';

/** Restricts a resolver to these roles; without it any authenticated role may call it. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const PUBLIC_KEY = 'tracker:public';

/** A signed-in page: authenticated by the web session's cookie instead of a bearer token. */
export const SIGNED_IN_KEY = 'tracker:signed-in';

/** Opens an HTTP route to anyone, without a token (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The GraphQL context shared by guards and resolvers. */
export interface RequestContext {
  actor?: Actor;
  requestId: string;
  correlationId: string;
  authorization?: string;
  /** The WebSocket a subscription runs on (not set over HTTP). */
  liveConnection?: LiveConnection;
  /** Aborted when the client of an HTTP request has gone before its answer: long work stops. */
  clientGone?: AbortSignal;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A request's context from its id and headers (GraphQL builds it per operation, HTTP per request). */
export const requestContextFor = (request: {
  id: unknown;
  headers: IncomingHttpHeaders;
}): RequestContext => ({
  requestId: String(request.id),
  correlationId: header(request.headers, 'x-correlation-id')?.slice(0, 128) || String(request.id),
  authorization: header(request.headers, 'authorization'),
});

const HTTP_CONTEXT = Symbol('tracker:request-context');
type HttpRequest = { id: unknown; headers: IncomingHttpHeaders; [HTTP_CONTEXT]?: RequestContext };

/** The context of a GraphQL operation or of a plain HTTP request (kept on the request). */
export const requestContextOf = (context: ArgumentsHost): RequestContext => {
  if (context.getType<string>() !== 'http') {
    return GqlExecutionContext.create(context as ExecutionContext).getContext<RequestContext>();
  }
  const request = context.switchToHttp().getRequest<HttpRequest>();
  return (request[HTTP_CONTEXT] ??= requestContextFor(request));
};

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

/** Roles that read every area's and every stream's history. */
export const READ_ALL_ROLES = [Role.BOARD_MEMBER, Role.ADMIN, Role.AUDITOR] as const;
