import { Logger as NestPinoLogger, PinoLogger } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Nest's start-up chatter (each module loaded, each route mapped): at debug, so a start at the
 * default level says what matters.
 */
const START_UP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'GraphQLModule',
]);

/**
 * The one logger of a process: pino, writing JSON lines (`level` as a word, `time` as an ISO
 * instant, errors as `err` with their type, message and stack) to `destination`: the server's
 * LogOutput, the CLI's standard error. Fastify logs through it, and Nest through nestLoggerOver.
 */
export function createLogger(level: string, destination: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method, levelValue) {
          const [fields] = args as unknown[];
          const context = (fields as { context?: unknown } | null)?.context;
          if (levelValue === this.levels.values.info && START_UP_CONTEXTS.has(context as string)) {
            return this.debug(...args);
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
}

/** Nest's logger (the server's and the CLI's) writing through `logger`, by nestjs-pino. */
export function nestLoggerOver(logger: Logger): NestPinoLogger {
  const params = { pinoHttp: { logger } };
  return new NestPinoLogger(new PinoLogger(params), params);
}
