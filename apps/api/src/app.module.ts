import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AccessGuard,
  initialiseLiveConnection,
  LiveConnectionsModule,
  RequestContext,
  requestContextFor,
  WhoAmIResolver,
} from '@app/access';
import { clientGone } from './client-gone';
import { CoreModule, TrackerConfig } from '@app/core';
import { SiteModule } from '@app/site';
import { DomainErrorFilter } from './domain-error.filter';
import { formatErrors } from './graphql-errors';
import { HealthController } from './health.controller';
import { LogOutput } from './log-output';
import { MetricsController } from './metrics.controller';
import { NotFoundFilter } from './not-found.filter';
import { ProjectionStatuses } from './projection-statuses';

/**
 * Parsing and validating a document takes time in proportion to its tokens, before its cost can
 * be known: a thousand is six times GraphiQL's introspection query, and more than any client
 * of ours sends.
 */
const MAX_QUERY_TOKENS = 1000;
const QUERY_CACHE_SIZE = 128;
/** A revoked token's WebSockets are closed within this (every open connection checked at once). */
const LIVE_RECHECK_INTERVAL_MS = 500;

@Module({})
export class AppModule {
  static forRoot(config: TrackerConfig, logs: LogOutput): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, { runProjections: true }),
        SiteModule.forRoot(config.site),
        LiveConnectionsModule.forRoot({
          subscriptionsPerConnection: config.live.subscriptionsPerConnection,
          subscriptionsPerToken: config.live.subscriptionsPerToken,
          connectionInitTimeoutMs: config.live.connectionInitTimeoutMs,
          recheckIntervalMs: LIVE_RECHECK_INTERVAL_MS,
        }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          sortSchema: true,
          // GraphiQL is served from local files (see graphiql.ts): Mercurius' page uses a CDN.
          graphiql: false,
          jit: 1,
          graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
          // Parsed documents kept (twice: valid and refused, each up to twice this in its LRU):
          // clients send a few dozen; a thousand hostile ones held hundreds of MB.
          cache: QUERY_CACHE_SIZE,
          // Each operation's depth and cost are checked by a hook (limitQueries), which sees its
          // variables and leaves introspection's type references out of the depth.
          errorFormatter: formatErrors,
          context: (request: FastifyRequest, reply: FastifyReply): RequestContext => ({
            ...requestContextFor(request),
            clientGone: clientGone(reply.raw),
          }),
          // Subscriptions over WebSocket: the token comes in the upgrade request's authorization
          // header or, from browsers, in the connection_init payload. It is checked when that
          // comes (Mercurius asks for the context then; see LiveConnections), and by the guard.
          subscription: {
            context: async (socket, request) => ({
              ...requestContextFor(request),
              ...(await initialiseLiveConnection(socket)),
            }),
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        { provide: APP_FILTER, useClass: NotFoundFilter },
        WhoAmIResolver,
        ProjectionStatuses,
        { provide: LogOutput, useValue: logs },
      ],
    };
  }
}
