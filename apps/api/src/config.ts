import { accessSync, constants, mkdirSync } from 'fs';
import { resolve } from 'path';

export type Environment = 'development' | 'production' | 'test';

export interface TrackerConfig {
  environment: Environment;
  host: string;
  port: number;
  /** Holds the SQLite files: events, read models and access tokens. */
  dataDir: string;
  logLevel: string;
  /** GraphiQL is served in development only. */
  graphiql: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: number;
  /** Seed the shipped data when the server starts on an empty store. */
  seedOnFirstStart: boolean;
  /** Test environments only: "now" pinned to this instant (CLOCK_FIXED_AT), e.g. for overdue milestones. */
  fixedNow: Date | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ENVIRONMENTS: readonly Environment[] = ['development', 'production', 'test'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the configuration from the environment, reporting every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TrackerConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, fallback: T, allowed: readonly T[]): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };

  const environment = oneOf<Environment>('NODE_ENV', 'development', ENVIRONMENTS);
  const eventStore = oneOf('EVENT_STORE', 'sqlite', ['sqlite', 'postgres', 'eventstoredb']);
  if (eventStore !== 'sqlite') {
    problems.push(`EVENT_STORE=${eventStore} is not available in this version; use sqlite`);
  }
  const config: TrackerConfig = {
    environment,
    host: env.HOST || '127.0.0.1',
    port: integer('PORT', 3000, 0, 65535),
    dataDir: resolve(env.DATA_DIR || './data'),
    logLevel: oneOf('LOG_LEVEL', environment === 'test' ? 'warn' : 'info', LOG_LEVELS),
    graphiql: environment === 'development',
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    seedOnFirstStart: oneOf('SEED_ON_FIRST_START', 'true', ['true', 'false']) === 'true',
    fixedNow: fixedNowOf(env.CLOCK_FIXED_AT, environment, problems),
  };
  if (problems.length === 0) checkDataDir(config.dataDir, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** A pinned clock would make every recorded date a lie outside tests, so only NODE_ENV=test takes one. */
function fixedNowOf(
  raw: string | undefined,
  environment: Environment,
  problems: string[],
): Date | null {
  if (!raw) return null;
  if (environment !== 'test') {
    problems.push('CLOCK_FIXED_AT is accepted only with NODE_ENV=test');
    return null;
  }
  const instant = new Date(raw);
  if (Number.isNaN(instant.getTime())) {
    problems.push(`CLOCK_FIXED_AT must be an ISO 8601 instant (got "${raw}")`);
    return null;
  }
  return instant;
}

function checkDataDir(dataDir: string, problems: string[]): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    problems.push(`DATA_DIR ${dataDir} cannot be created or written: ${(error as Error).message}`);
  }
}
