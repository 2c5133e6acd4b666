import { escapeIdentifier, type Pool } from 'pg';
import { openAccessPool } from '../postgres-access-tables';
import type { PostgresTokenRegisterOptions } from '../postgres-token-register';
import { KEPT_AFTER_EXPIRY_MS, SignInLinks, type StoredLink } from './sign-in-links';

/**
 * Sign-in links in the `sign_in_links` table of the tokens' PostgreSQL schema: a link mailed
 * by one API process is followed on any. Consuming is one UPDATE: of two at once, the second
 * waits on the row's lock and then finds it used.
 */
export class PostgresSignInLinks extends SignInLinks {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
    lifetimeMs: number,
  ) {
    super(lifetimeMs);
  }

  static async open(
    options: PostgresTokenRegisterOptions,
    lifetimeMs: number,
  ): Promise<PostgresSignInLinks> {
    const pool = await openAccessPool(
      options,
      'sign_in_links',
      async (client, schema) => {
        await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.sign_in_links (
          key text PRIMARY KEY,
          account_id text NOT NULL,
          expires_at bigint NOT NULL,
          used_at bigint
        )`);
      },
      2,
    );
    return new PostgresSignInLinks(
      pool,
      `${escapeIdentifier(options.schema)}.sign_in_links`,
      lifetimeMs,
    );
  }

  protected async insert(
    key: string,
    accountId: string,
    expiresAt: number,
    now: number,
  ): Promise<void> {
    await this.pool.query(
      `WITH forgotten AS (DELETE FROM ${this.table} WHERE expires_at <= $4)
       INSERT INTO ${this.table} (key, account_id, expires_at) VALUES ($1, $2, $3)`,
      [key, accountId, expiresAt, now - KEPT_AFTER_EXPIRY_MS],
    );
  }

  protected async markUsed(key: string, now: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ account_id: string }>(
      `UPDATE ${this.table} SET used_at = $2
       WHERE key = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id`,
      [key, now],
    );
    return rows[0]?.account_id;
  }

  protected async find(key: string): Promise<StoredLink | undefined> {
    const { rows } = await this.pool.query<{
      account_id: string;
      expires_at: string;
      used_at: string | null;
    }>(`SELECT account_id, expires_at, used_at FROM ${this.table} WHERE key = $1`, [key]);
    const row = rows[0];
    return (
      row && {
        accountId: row.account_id,
        expiresAt: Number(row.expires_at),
        usedAt: row.used_at === null ? null : Number(row.used_at),
      }
    );
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
