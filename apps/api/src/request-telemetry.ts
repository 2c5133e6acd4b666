import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ExecutionResult } from 'graphql';
import type { MercuriusContext, MercuriusPlugin } from 'mercurius';
import { Metrics } from '@app/platform';
import { NOT_RUN, operationLabel, type OperationLabel } from './operation-label';

const GRAPHQL_ROUTE = '/graphql';

/**
 * Fastify's request logs ("incoming request", "request completed") at debug rather than info,
 * so a server at the default level (info) logs what happens to it, not every request
 * (LOG_LEVEL=debug shows them, each with its request id); a request that errored is still
 * logged at error, with its `err`.
 */
export class DebugRequestLogs extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) super.requestCompleted(error, request, reply);
    else reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/**
 * Counts and times every HTTP request by route pattern and status, and every GraphQL
 * operation over HTTP by type, root field and outcome (see operationLabel). Call after
 * `app.init()`, once Mercurius is registered.
 */
export function measureRequests(app: NestFastifyApplication, metrics: Metrics): void {
  const fastify = app.getHttpAdapter().getInstance();
  const operations = new WeakMap<FastifyRequest, OperationLabel & { failed: boolean }>();
  // Nest's Fastify is typed without the plugin Mercurius decorates it with.
  const { graphql } = fastify as unknown as { graphql: MercuriusPlugin };
  graphql.addHook('preExecution', (_schema, document, context: MercuriusContext) => {
    const request = context.reply.request;
    const body = request.body as { operationName?: unknown } | undefined;
    const query = request.query as { operationName?: unknown } | undefined;
    const name = body?.operationName ?? query?.operationName;
    operations.set(request, { ...operationLabel(document, name), failed: false });
  });
  graphql.addHook('onResolution', (execution: ExecutionResult, context: MercuriusContext) => {
    const operation = operations.get(context.reply.request);
    if (operation && execution.errors?.length) operation.failed = true;
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpRequests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      seconds,
    );
    if (route !== GRAPHQL_ROUTE) return;
    const operation = operations.get(request);
    const { type, operation: field } = operation ?? NOT_RUN;
    const failed = !operation || operation.failed || reply.statusCode >= 400;
    metrics.graphqlOperations.observe(
      { type, operation: field, outcome: failed ? 'error' : 'ok' },
      seconds,
    );
  });
}
