import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'crypto';
import type { IncomingMessage } from 'http';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { seedShippedData, TrackerConfig } from '@app/core';
import { createLogger, Metrics, nestLoggerOver, registerCsvUploads } from '@app/platform';
import { REGISTER_IMPORT_ROUTE } from '@app/recommendations';
import { registerSite } from '@app/site';
import { AppModule } from './app.module';
import { cutConnectionsOnClose } from './close-connections';
import { registerGraphiQL } from './graphiql';
import { invalidInputFrom } from './graphql-errors';
import { registerGraphQLOverHttp } from './graphql-over-http';
import { registerGraphQLRequestShape } from './graphql-request-shape';
import { reshapeFastifyRefusals } from './http-refusals';
import { followWebSockets } from './follow-websockets';
import { LogOutput } from './log-output';
import { limitQueries } from './query-limits';
import { DebugRequestLogs, measureRequests } from './request-telemetry';
import { armShutdownDeadlineOnSignal } from './shutdown-deadline';
import { logShutdownStages } from './shutdown-log';
import { CachedValidationPipe } from './validation-pipe';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Headers are small: a client that has not sent them in this long is not going to. */
const HEADERS_TIMEOUT_MS = 10_000;
/** How often Node looks for requests over their time (its default, 30 s, would let them run on). */
const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** Builds the API (GraphQL, health) on Fastify; `main.ts` and the end-to-end tests share it. */
/** As Fastify takes a count of hops (Nest's adapter types only the other forms). */
const trustedProxies = (trust: TrackerConfig['trustProxy']) =>
  typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;

export async function createApp(
  config: TrackerConfig,
  logs = new LogOutput(),
): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, logs);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // A request, body included, must arrive within its time (else 408 and the socket closed):
    // Fastify's default turns Node's off, so a body trickled a byte at a time held its socket.
    requestTimeout: config.requestTimeoutMs,
    // Behind a proxy, the client's address (sign-in limits, logs) and scheme (the session
    // cookie's Secure flag) come from the X-Forwarded headers of the proxies named here only.
    trustProxy: trustedProxies(config.trustProxy),
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.requestTimeoutMs),
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    loggerInstance: logger,
    logController: new DebugRequestLogs(),
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logs),
    adapter,
    // From the first line, so a start that fails logs its error in the same format.
    { logger: nestLoggerOver(logger) },
  );
  app.useGlobalPipes(
    new CachedValidationPipe({
      transform: true,
      whitelist: true,
      forbidUnknownValues: true,
      exceptionFactory: invalidInputFrom,
    }),
  );
  await registerCsvUploads(app, [REGISTER_IMPORT_ROUTE]);
  // The public site's templates and assets (its pages are SiteModule's controllers).
  await registerSite(app);
  if (config.graphiql) await registerGraphiQL(app);
  const fastify = app.getHttpAdapter().getInstance();
  cutConnectionsOnClose(app);
  followWebSockets(app);
  registerGraphQLRequestShape(app);
  registerGraphQLOverHttp(app);
  reshapeFastifyRefusals(app);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  armShutdownDeadlineOnSignal(config.shutdownTimeoutSeconds);
  app.enableShutdownHooks();
  // The last lines (the shutdown's own) are written out before the process ends, if they can be.
  logShutdownStages(app, { afterLastStage: () => logs.flush(1000) });
  await app.init();
  // Mercurius is registered by init.
  limitQueries(app, config);
  measureRequests(app, app.get(Metrics));
  if (config.seedOnFirstStart) await seedFirstStart(app);
  return app;
}

/** A first start on an empty store loads the shipped recommendations. */
async function seedFirstStart(app: NestFastifyApplication): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  if ((await store.headPosition()) > 0) return;
  const report = await seedShippedData(app);
  new Logger('Seed').log({ msg: 'empty store seeded with the shipped data', ...report });
}
