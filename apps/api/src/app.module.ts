import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { AccessGuard, RequestContext } from '@app/access';
import { TrackerConfig } from './config';
import { CoreModule } from './core.module';
import { DomainErrorFilter } from './domain-error.filter';
import { formatErrors } from './graphql-errors';
import { HealthController } from './health.controller';
import { complexityLimit } from './query-limits';

const MAX_QUERY_DEPTH = 8;
const MAX_QUERY_COST = 2000;

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

@Module({})
export class AppModule {
  static forRoot(config: TrackerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, { runProjections: true }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: config.graphiql,
          jit: 1,
          queryDepth: MAX_QUERY_DEPTH,
          validationRules: [complexityLimit(MAX_QUERY_COST)],
          errorFormatter: formatErrors,
          context: (request: FastifyRequest): RequestContext => ({
            requestId: String(request.id),
            correlationId:
              headerOf(request, 'x-correlation-id')?.slice(0, 128) || String(request.id),
            authorization: headerOf(request, 'authorization'),
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
      ],
    };
  }
}
