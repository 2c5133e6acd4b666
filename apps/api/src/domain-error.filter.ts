import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@app/kernel';

/**
 * A domain refusal is an answer, not a fault. GraphQL gets it back (graphql-errors.ts gives it
 * its code) without Nest logging it as an unhandled exception; a plain HTTP route (imports,
 * exports) answers with the code's status and `{ error: { code, message, ...details } }`.
 */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): DomainError | void {
    if (host.getType<string>() !== 'http') return error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Refused before its body was read (no token, too large): do not wait for the rest of it.
    if (!request.raw.complete) void reply.header('connection', 'close');
    void reply
      .status(httpStatusOf(error.code))
      .send({ error: { ...error.details, code: error.code, message: error.message } });
  }
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.VERSION_CONFLICT:
    case ErrorCode.IDEMPOTENCY_CONFLICT:
    case ErrorCode.ALREADY_EXISTS:
      return 409;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.UNKNOWN_AREA:
    case ErrorCode.AREA_REPLACED:
      return 422;
    case ErrorCode.LIMIT_EXCEEDED:
      return 429;
  }
}
