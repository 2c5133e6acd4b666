import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'crypto';
import type { IncomingMessage } from 'http';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { registerCsvUploads } from '@app/rollout';
import { AppModule } from './app.module';
import { cutConnectionsOnClose } from './close-connections';
import { TrackerConfig } from './config';
import { registerDashboard } from './dashboard/dashboard';
import { invalidInputFrom } from './graphql-errors';
import { registerGraphQLRequestShape } from './graphql-request-shape';
import { reshapeFastifyRefusals } from './http-refusals';
import { JsonLogger } from './json-logger';
import { limitQueries } from './query-limits';
import { seedShippedData } from './seed';
import { logShutdownStages } from './shutdown-log';
import { CachedValidationPipe } from './validation-pipe';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the API (GraphQL, health) on Fastify; `main.ts` and the end-to-end tests share it. */
export async function createApp(config: TrackerConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    logger: { level: config.logLevel },
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new JsonLogger(config.logLevel),
  });
  app.useGlobalPipes(
    new CachedValidationPipe({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      exceptionFactory: invalidInputFrom,
    }),
  );
  await registerCsvUploads(app);
  // The web dashboard at / (public static files; its data comes from the API with a token).
  registerDashboard(app);
  const fastify = app.getHttpAdapter().getInstance();
  cutConnectionsOnClose(app);
  registerGraphQLRequestShape(app);
  reshapeFastifyRefusals(app);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.enableShutdownHooks();
  logShutdownStages(app);
  await app.init();
  // Mercurius is registered by init.
  limitQueries(app, config);
  if (config.seedOnFirstStart) await seedFirstStart(app);
  return app;
}

/** A first start on an empty store loads the shipped recommendations. */
async function seedFirstStart(app: NestFastifyApplication): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  if ((await store.headPosition()) > 0) return;
  const logger = new Logger('Seed');
  const report = await seedShippedData(app);
  logger.log({ msg: 'empty store seeded with the shipped data', ...report });
  logger.log({
    msg: 'create a token to use the API: npm run tracker -- token create --role BOARD_MEMBER --name "Your name"',
  });
}
