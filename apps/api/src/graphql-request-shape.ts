import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Refuses a GraphQL request whose `query` is not a GraphQL document before Mercurius sees it.
 * Mercurius reads a `query` that does not parse as GraphQL as JSON, taking it for an already
 * parsed document: `{"query": "5"}` (or `{"query": 5}`, which the body schema coerces to "5")
 * then failed inside validation as an internal error (found by the reliability suite). No
 * GraphQL document is valid JSON, so a query that parses as JSON is refused with BAD_REQUEST;
 * so is a query that is not a string, `variables` that are not an object and an
 * `operationName` that is not a string.
 */
export function registerGraphQLRequestShape(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // GraphQL over HTTP lets `extensions` be null, as `variables` may be; Mercurius' body schema
  // takes only an object, so null is read as no extensions before the body is checked.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const body = request.body as Record<string, unknown> | null | undefined;
    const graphql = request.routeOptions.url === '/graphql';
    if (graphql && body && typeof body === 'object' && body.extensions === null) {
      delete body.extensions;
    }
    done();
  });
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    const params = request.method === 'GET' ? request.query : request.body;
    const problem = shapeProblem(params);
    if (!problem) return;
    await reply
      .status(400)
      .send({ errors: [{ message: problem, extensions: { code: 'BAD_REQUEST' } }] });
  });
}

function shapeProblem(params: unknown): string | null {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null;
  const { query, variables, operationName } = params as Record<string, unknown>;
  if (query !== undefined && typeof query !== 'string') return 'query must be a string';
  if (typeof query === 'string' && isJson(query)) {
    return 'query must be a GraphQL document, not JSON';
  }
  if (
    variables !== undefined &&
    variables !== null &&
    typeof variables !== 'string' &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return 'variables must be an object';
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return 'operationName must be a string';
  }
  return null;
}

/** JSON text starts with one of these (after JSON whitespace); an object with `"` or `}` next. */
const MAY_BE_JSON = /^[ \t\n\r]*(?:[[\-"0-9tfn]|\{[ \t\n\r]*["}])/;

function isJson(text: string): boolean {
  // Checked first because every GraphQL document fails JSON.parse, and a thrown error is dear.
  if (!MAY_BE_JSON.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
