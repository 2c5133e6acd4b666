import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';

/** A stage still running after this long is reported as it runs, not only when (if) it ends. */
const SLOW_STAGE_MS = 5000;

/** Nest's shutdown, stage by stage, in the order it runs them on a signal or `app.close()`. */
const STAGES = [
  ['callDestroyHook', 'onModuleDestroy'],
  ['callBeforeShutdownHook', 'beforeApplicationShutdown'],
  ['dispose', 'http close'],
  ['callShutdownHook', 'onApplicationShutdown'],
] as const;

const LAST_STAGE = STAGES[STAGES.length - 1][0];

type Stages = Record<(typeof STAGES)[number][0], (...args: unknown[]) => Promise<void>>;

/**
 * Logs each shutdown stage with how long it took (info), and a warning for a stage still
 * running after 5 s: a shutdown that hangs names its stage. Wraps the application's own
 * stage methods, which Nest calls in turn on a shutdown signal; after the last, `afterLastStage`.
 */
export function logShutdownStages(
  app: INestApplication,
  {
    logger = new Logger('Shutdown'),
    afterLastStage = () => Promise.resolve(),
  }: { logger?: Logger; afterLastStage?: () => Promise<void> } = {},
): void {
  // Nest's application is a proxy that ignores assignments and reads its methods lazily: the
  // stages come from the class, and the timed ones are defined on the instance beneath.
  const stages = Object.getPrototypeOf(app) as Stages;
  for (const [method, stage] of STAGES) {
    const run = stages[method];
    // A Nest that names its stages otherwise shuts down as ever, unlogged (the spec would say).
    if (typeof run !== 'function') continue;
    Object.defineProperty(app, method, {
      configurable: true,
      writable: true,
      value: async function (this: unknown, ...args: unknown[]) {
        const started = Date.now();
        const slow = setTimeout(
          () =>
            logger.warn({ msg: 'shutdown stage still running', stage, ms: Date.now() - started }),
          SLOW_STAGE_MS,
        ).unref();
        try {
          await run.apply(this, args);
        } finally {
          clearTimeout(slow);
          logger.log({ msg: 'shutdown stage done', stage, ms: Date.now() - started });
          if (method === LAST_STAGE) await afterLastStage();
        }
      },
    });
  }
}
