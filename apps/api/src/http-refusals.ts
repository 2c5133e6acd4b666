import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ErrorCode } from '@app/kernel';

/** Fastify's own error answer: `{ statusCode, code: "FST_...", error, message }`. */
interface FastifyRefusal {
  statusCode: number;
  code: string;
  message: string;
}

const isFastifyRefusal = (body: unknown): body is FastifyRefusal =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as FastifyRefusal).statusCode === 'number' &&
  typeof (body as FastifyRefusal).code === 'string' &&
  (body as FastifyRefusal).code.startsWith('FST_');

/**
 * Fastify's own refusals on the plain HTTP routes (a content type it has no parser for, JSON
 * that does not parse) answer like every other refusal there, `{ error: { code, message } }`,
 * rather than in Fastify's shape (found by the reliability suite's bad imports). Routes keep
 * the error handler that stood when they were declared, which on the import route is Fastify's
 * default, so the answer is reshaped on its way out. GraphQL answers in its own shape.
 */
export function reshapeFastifyRefusals(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode < 400 || reply.statusCode >= 500) return payload;
      if (typeof payload !== 'string' || !payload.includes('"FST_')) return payload;
      if (request.routeOptions.url === '/graphql') return payload;
      let body: unknown;
      try {
        body = JSON.parse(payload);
      } catch {
        return payload;
      }
      if (!isFastifyRefusal(body)) return payload;
      const code = body.statusCode === 413 ? ErrorCode.PAYLOAD_TOO_LARGE : 'BAD_REQUEST';
      return JSON.stringify({ error: { code, message: body.message } });
    });
}
