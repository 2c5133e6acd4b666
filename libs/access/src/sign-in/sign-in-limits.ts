import { createHash } from 'crypto';
import { escapeIdentifier, type Pool } from 'pg';
import {
  type RateLimiterAbstract,
  RateLimiterPostgres,
  RateLimiterRes,
  RateLimiterSQLite,
} from 'rate-limiter-flexible';
import { openAccessPool } from '../postgres-access-tables';
import type { PostgresTokenRegisterOptions } from '../postgres-token-register';
import { openAccessDatabase } from '../sqlite-access-database';

/** How many sign-in attempts are allowed in a window (SIGN_IN_LIMIT_*). */
export interface SignInLimitSettings {
  /** Links asked for one email address. */
  perEmail: number;
  /** Attempts of any kind (asking for a link, following one) from one client address. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimitSettings = {
  perEmail: 5,
  perAddress: 20,
  windowSeconds: 15 * 60,
};

/** One attempt to sign in: the email given, if any, and where it came from. */
export interface SignInAttempt {
  email?: string;
  clientAddress: string;
}

const TABLE = 'sign_in_limits';

/** Keys are hashes: the table says how often, never which email. */
const keyOf = (value: string): string => createHash('sha256').update(value).digest('base64url');

/**
 * Limits on sign-in attempts per email and per client address, counted in the access database
 * (rate-limiter-flexible's SQLite and PostgreSQL stores, in a table beside the sessions), so
 * every API process counts against the same limits and a restart forgets nothing. The library
 * counts atomically in one statement per attempt; its table is made here, under the schema's
 * migration lock as every other access table.
 */
export class SignInLimits {
  private readonly byEmail: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  /** `limiter` makes the library's limiter on the store with these settings. */
  private constructor(
    settings: SignInLimitSettings,
    limiter: (options: {
      tableName: string;
      tableCreated: true;
      clearExpiredByTimeout: false;
      keyPrefix: string;
      points: number;
      duration: number;
    }) => RateLimiterAbstract,
    private readonly store: {
      /** Deletes the counts whose window ended before `now`. */
      forgetExpired(now: number): unknown;
      close(): Promise<void> | void;
    },
  ) {
    const common = {
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout: false,
      duration: settings.windowSeconds,
    } as const;
    this.byEmail = limiter({ ...common, keyPrefix: 'email', points: settings.perEmail });
    this.byAddress = limiter({ ...common, keyPrefix: 'address', points: settings.perAddress });
  }

  static sqlite(filename: string, settings: SignInLimitSettings): SignInLimits {
    const db = openAccessDatabase(filename);
    db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (
      key TEXT PRIMARY KEY,
      points INTEGER NOT NULL DEFAULT 0,
      expire INTEGER
    )`);
    return new SignInLimits(
      settings,
      (options) =>
        new RateLimiterSQLite({ storeClient: db, storeType: 'better-sqlite3', ...options }),
      {
        forgetExpired: (now) => db.prepare(`DELETE FROM ${TABLE} WHERE expire < ?`).run(now),
        close: () => void db.close(),
      },
    );
  }

  static async postgres(
    options: PostgresTokenRegisterOptions,
    settings: SignInLimitSettings,
  ): Promise<SignInLimits> {
    const pool: Pool = await openAccessPool(
      options,
      TABLE,
      async (client, schema) => {
        await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.${TABLE} (
          key varchar(255) PRIMARY KEY,
          points integer NOT NULL DEFAULT 0,
          expire bigint
        )`);
      },
      2,
    );
    return new SignInLimits(
      settings,
      (limiter) =>
        new RateLimiterPostgres({
          storeClient: pool,
          storeType: 'pool',
          schemaName: options.schema,
          ...limiter,
        }),
      {
        forgetExpired: (now) =>
          pool.query(`DELETE FROM ${escapeIdentifier(options.schema)}.${TABLE} WHERE expire < $1`, [
            now,
          ]),
        close: () => pool.end(),
      },
    );
  }

  /**
   * Counts the attempt against its address, then its email: null when within both limits,
   * else when the limit it met lifts. An attempt refused by address does not count against the
   * email, so someone else's flood does not lock a person out of their own address's count.
   */
  async attempt({ email, clientAddress }: SignInAttempt): Promise<Date | null> {
    try {
      const counted = await this.byAddress.consume(keyOf(clientAddress));
      // A new window for this address: a moment to forget the windows that have ended.
      if (counted.isFirstInDuration) await this.store.forgetExpired(Date.now());
      if (email !== undefined) await this.byEmail.consume(keyOf(email.trim().toLowerCase()));
      return null;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return new Date(Date.now() + refusal.msBeforeNext);
    }
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
