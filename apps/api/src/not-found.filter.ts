import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@app/kernel';
import { isPageRequest, sendNotFoundPage, SiteSettings } from '@app/site';

/**
 * A request for a page that is not there gets GOV.UK's "Page not found" page. A request to no
 * route of the API (`PUT /graphql`, an unknown file) answers like the other plain HTTP
 * refusals, `{ error: { code: "NOT_FOUND", message } }`, instead of Nest's own shape without a
 * code (found by the reliability suite).
 */
@Catch(NotFoundException)
export class NotFoundFilter implements ExceptionFilter {
  constructor(private readonly site: SiteSettings) {}

  catch(error: NotFoundException, host: ArgumentsHost): NotFoundException | void {
    if (host.getType<string>() !== 'http') return error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (isPageRequest(request.method, request.url)) {
      void sendNotFoundPage(request, reply, this.site);
      return;
    }
    void reply.status(404).send({ error: { code: ErrorCode.NOT_FOUND, message: error.message } });
  }
}
