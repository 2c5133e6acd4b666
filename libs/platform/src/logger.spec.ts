/**
 * A Nest logger over a new pino logger at `level`, and the lines it writes, parsed. Loaded
 * afresh each time: nestjs-pino keeps the first logger it is given for the whole process.
 */
const capture = (level = 'info') => {
  const lines: Record<string, any>[] = [];
  let logger!: import('nestjs-pino').Logger;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded within isolateModules
    const { createLogger, nestLoggerOver } = require('./logger') as typeof import('./logger');
    logger = nestLoggerOver(
      createLogger(level, { write: (line: string) => lines.push(JSON.parse(line)) }),
    );
  });
  return { lines, logger };
};

describe('the one logger', () => {
  it('writes Nest errors as JSON with err: type, message and stack', () => {
    const { lines, logger } = capture();
    const error = new TypeError('the store is gone');
    logger.error(error, 'Projections');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      context: 'Projections',
      err: { type: 'TypeError', message: 'the store is gone', stack: error.stack },
    });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
  });

  it("keeps Nest's exception handler's message and stack, given apart", () => {
    const { lines, logger } = capture();
    const stack = 'Error: boom\n    at somewhere (file.js:1:1)';
    logger.error('boom', stack, 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', err: { message: 'boom', stack } });
  });

  it("keeps Nest's start-up chatter to debug, and other info lines at info", () => {
    const { lines, logger: atInfo } = capture('info');
    atInfo.log('AppModule dependencies initialized', 'InstanceLoader');
    atInfo.log({ msg: 'audit trail sealed', position: 7 }, 'Seals');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'Seals', msg: 'audit trail sealed' }),
    ]);

    const atDebug = capture('debug');
    atDebug.logger.log('Mapped {/health, GET}', 'RouterExplorer');
    expect(atDebug.lines).toEqual([
      expect.objectContaining({
        level: 'debug',
        context: 'RouterExplorer',
        msg: 'Mapped {/health, GET}',
      }),
    ]);
  });
});
