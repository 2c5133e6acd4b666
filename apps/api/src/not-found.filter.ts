import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode } from '@app/kernel';

/**
 * A request to no route (`PUT /graphql`, an unknown path) answers like the other plain HTTP
 * refusals, `{ error: { code: "NOT_FOUND", message } }`, instead of Nest's own shape without a
 * code (found by the reliability suite).
 */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  catch(error: NotFoundException, host: ArgumentsHost): NotFoundException | void {
    if (host.getType<string>() !== 'http') return error;
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(404)
      .send({ error: { code: ErrorCode.NOT_FOUND, message: error.message } });
  }
}
