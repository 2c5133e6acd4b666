import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { MALFORMED_REQUEST_CODES } from './graphql-errors';

/** The media types of GraphQL over HTTP's answers, as they go out. */
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
export const LEGACY_JSON = 'application/json; charset=utf-8';
export type ResponseMediaType = typeof GRAPHQL_RESPONSE_JSON | typeof LEGACY_JSON;

/** What a POST's body may be: JSON, or a bare document (Mercurius reads application/graphql). */
const REQUEST_MEDIA_TYPES = new Set(['application/json', 'application/graphql']);

/**
 * The media type to answer a GraphQL request in, from its Accept header: the one the client
 * prefers; application/json when it names none (no header, `*\/*`), as clients written before
 * application/graphql-response+json expect; null when it accepts neither.
 */
export function responseMediaType(accept: string | undefined): ResponseMediaType | null {
  if (!accept) return LEGACY_JSON;
  const [preferred] = new Negotiator({ headers: { accept } }).mediaTypes([
    LEGACY_JSON,
    GRAPHQL_RESPONSE_JSON,
  ]);
  return (preferred as ResponseMediaType | undefined) ?? null;
}

/** Whether a POST's Content-Type is one GraphQL is read from (parameters such as charset aside). */
export function isGraphQLRequestType(contentType: string | undefined): boolean {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return REQUEST_MEDIA_TYPES.has(essence);
}

interface GraphQLAnswer {
  data?: unknown;
  errors?: { extensions?: { code?: unknown } }[];
}

/**
 * The status of an answer in application/json. Such clients read errors from the body, so a
 * well-formed request that GraphQL refused (its document, its variables, its cost) answers 200,
 * as GraphQL over HTTP asks; a request that is not well-formed (bad JSON or parameters, too large,
 * wrong method or type) keeps its 4xx, and a server fault its 5xx.
 */
export function legacyJsonStatus(status: number, answer: GraphQLAnswer): number {
  if (status < 400 || status >= 500) return status;
  const wellFormed = (answer.errors ?? []).every(
    (error) => !MALFORMED_REQUEST_CODES.has(String(error.extensions?.code)),
  );
  return wellFormed ? 200 : status;
}

const isGraphQLRoute = (request: FastifyRequest): boolean =>
  request.routeOptions.url === '/graphql' && request.headers.upgrade === undefined;

const refuse = (reply: FastifyReply, status: number, message: string): FastifyReply =>
  reply.code(status).send({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });

/**
 * GraphQL over HTTP's media types on /graphql. The answer is in application/graphql-response+json
 * when the client prefers it, with its status codes (set by formatErrors: 4xx for a request
 * refused before it ran, which then has no `data`); otherwise in application/json, where a
 * refused well-formed request answers 200. A client that accepts neither is refused (406) and so
 * is a body that is neither JSON nor GraphQL (415), before it is read.
 */
export function registerGraphQLOverHttp(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isGraphQLRoute(request)) return;
    if (!responseMediaType(request.headers.accept)) {
      return refuse(
        reply,
        406,
        'The Accept header must allow application/graphql-response+json or application/json',
      );
    }
    if (request.method === 'POST' && !isGraphQLRequestType(request.headers['content-type'])) {
      void reply.header('connection', 'close');
      return refuse(
        reply,
        415,
        'The request body must be JSON (Content-Type: application/json), as GraphQL over HTTP asks',
      );
    }
  });
  fastify.addHook('preSerialization', async (request, reply, payload: GraphQLAnswer) => {
    if (!isGraphQLRoute(request)) return payload;
    const mediaType = responseMediaType(request.headers.accept) ?? LEGACY_JSON;
    void reply.type(mediaType);
    if (reply.statusCode === 405) void reply.header('allow', 'POST');
    if (mediaType === LEGACY_JSON) void reply.code(legacyJsonStatus(reply.statusCode, payload));
    return payload;
  });
}
