import { escapeIdentifier, type Pool } from 'pg';
import { openAccessPool } from '../postgres-access-tables';
import { keepPostgresSecret } from '../single-secret';
import type { PostgresTokenRegisterOptions } from '../postgres-token-register';
import { type SessionLifetimes, WebSessions } from './web-sessions';

/**
 * Web sessions in the `web_sessions` table of the tokens' PostgreSQL schema, shared by every
 * API process: a session started on one is known to all, and one ended on one ends everywhere.
 */
export class PostgresWebSessions extends WebSessions {
  private constructor(
    private readonly pool: Pool,
    private readonly sessions: string,
    private readonly secrets: string,
    lifetimes: SessionLifetimes,
  ) {
    super(lifetimes);
  }

  static async open(
    options: PostgresTokenRegisterOptions,
    lifetimes: SessionLifetimes,
  ): Promise<PostgresWebSessions> {
    const schema = escapeIdentifier(options.schema);
    const sessions = `${schema}.web_sessions`;
    const secrets = `${schema}.web_session_secret`;
    const pool = await openAccessPool(options, 'web_session_secret', async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${sessions} (
        key text PRIMARY KEY,
        data text NOT NULL,
        expires_at bigint NOT NULL
      )`);
      await client.query(
        `CREATE INDEX IF NOT EXISTS web_sessions_expiry ON ${sessions} (expires_at)`,
      );
      await client.query(`CREATE TABLE IF NOT EXISTS ${secrets} (
        only_row integer PRIMARY KEY CHECK (only_row = 1),
        secret text NOT NULL
      )`);
    });
    return new PostgresWebSessions(pool, sessions, secrets, lifetimes);
  }

  protected async read(key: string, now: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ data: string }>(
      `SELECT data FROM ${this.sessions} WHERE key = $1 AND expires_at > $2`,
      [key, now],
    );
    return rows[0]?.data;
  }

  protected async write(key: string, data: string, expiresAt: number): Promise<void> {
    await this.pool.query(
      `WITH expired AS (DELETE FROM ${this.sessions} WHERE expires_at <= $4)
       INSERT INTO ${this.sessions} (key, data, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
      [key, data, expiresAt, Date.now()],
    );
  }

  protected async remove(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.sessions} WHERE key = $1`, [key]);
  }

  protected keepSecret(candidate: string): Promise<string> {
    return keepPostgresSecret(this.pool, this.secrets, candidate);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
