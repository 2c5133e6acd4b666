import { LoggerService, LogLevel } from '@nestjs/common';

const RANK: Record<string, number> = {
  trace: 10,
  debug: 20,
  verbose: 20,
  info: 30,
  log: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: 100,
};

/** Where log lines go: the server's `LogOutput`, the CLI's standard error. */
export interface LogSink {
  write(line: string): unknown;
}

/** Nest's logs as JSON lines, in the same shape as Fastify's request logs. */
export class JsonLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    level: string,
    private readonly output: LogSink,
  ) {
    this.threshold = RANK[level] ?? RANK.info;
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    this.write('error', message, context ?? stackOrContext);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }
  setLogLevels(_levels: LogLevel[]): void {}

  private write(level: string, message: unknown, context?: string): void {
    if (RANK[level] < this.threshold) return;
    const fields =
      typeof message === 'object' && message !== null ? message : { msg: String(message) };
    this.output.write(
      `${JSON.stringify({ level, time: new Date().toISOString(), context, ...fields })}\n`,
    );
  }
}
