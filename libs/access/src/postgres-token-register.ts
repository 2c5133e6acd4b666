import { escapeIdentifier, type Pool } from 'pg';
import { inLockedTransaction, schemaMigrationLockKey } from '@app/event-store';
import { openAccessPool } from './postgres-access-tables';
import type { AccountActors } from './account-actors';
import { TokenRegister, type TokenRow, type TokenStanding } from './token-register';

export interface PostgresTokenRegisterOptions {
  /** e.g. postgresql://user@host:5432/database */
  connectionString: string;
  /**
   * The events' schema (DATABASE_SCHEMA), created if missing; never the read models' one,
   * which `tracker rebuild` replaces wholesale.
   */
  schema: string;
}

/** A row as PostgreSQL returns it: `timestamptz` as Date, `bytea` as Buffer. */
type StoredRow = Omit<TokenRow, 'created_at' | 'expires_at' | 'last_used_at' | 'revoked_at'> & {
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

const fromStored = (row: StoredRow): TokenRow => ({
  ...row,
  created_at: row.created_at.toISOString(),
  expires_at: row.expires_at?.toISOString() ?? null,
  last_used_at: row.last_used_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
});

/** What makes a token active, for `findActive` and `activeIds` alike. */
const ACTIVE = 'revoked_at IS NULL';

/**
 * Tokens in the `access_tokens` table of a PostgreSQL schema, shared by every API process on
 * the database and by the CLI.
 *
 * Every check reads the token's row (one primary-key lookup) and nothing is cached. A cache
 * emptied by LISTEN/NOTIFY would keep accepting a revoked token until the notification reached
 * this process, and the request can get there first: only a round trip to the server proves
 * that nothing was revoked meanwhile, and reading the row is such a round trip. So a token
 * created or revoked by any process counts from the very next request everywhere.
 */
export class PostgresTokenRegister extends TokenRegister {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
    accounts: AccountActors,
  ) {
    super(accounts);
  }

  /** Connects, and creates the schema and the table if missing. */
  static async open(
    options: PostgresTokenRegisterOptions,
    accounts: AccountActors,
  ): Promise<PostgresTokenRegister> {
    const table = `${escapeIdentifier(options.schema)}.access_tokens`;
    // Opening a store made before changes nothing, so it needs no right to create anything.
    const pool = await openAccessPool(options, 'access_tokens', async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL,
        area_code text,
        secret_hash bytea NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    });
    await addOwnerAndTimes(pool, options.schema, table);
    return new PostgresTokenRegister(pool, table, accounts);
  }

  protected async insert(row: TokenRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (id, name, role, area_code, account_id, secret_hash, created_at,
         expires_at, last_used_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        row.id,
        row.name,
        row.role,
        row.area_code,
        row.account_id,
        row.secret_hash,
        row.created_at,
        row.expires_at,
        row.last_used_at,
        row.revoked_at,
      ],
    );
  }

  protected async rows(): Promise<TokenRow[]> {
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM ${this.table} ORDER BY created_at, id`,
    );
    return rows.map(fromStored);
  }

  protected async findActive(id: string): Promise<TokenRow | undefined> {
    const { rows } = await this.pool.query<StoredRow>(
      `SELECT * FROM ${this.table} WHERE id = $1 AND ${ACTIVE}`,
      [id],
    );
    return rows.map(fromStored)[0];
  }

  protected async activeRows(ids: readonly string[]): Promise<TokenStanding[]> {
    const { rows } = await this.pool.query<{
      id: string;
      account_id: string | null;
      expires_at: Date | null;
    }>(
      `SELECT id, account_id, expires_at FROM ${this.table} WHERE id = ANY($1::text[]) AND ${ACTIVE}`,
      [ids],
    );
    return rows.map((row) => ({ ...row, expires_at: row.expires_at?.toISOString() ?? null }));
  }

  protected async markUsed(id: string, at: string, notAfter: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET last_used_at = $2
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= $3)`,
      [id, at, notAfter],
    );
  }

  protected async markRevoked(id: string, revokedAt: string): Promise<TokenRow | undefined> {
    // One statement: the row as it stands after the update, revoked now or before.
    const { rows } = await this.pool.query<StoredRow>(
      `WITH revoked AS (
         UPDATE ${this.table} SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING *
       )
       SELECT * FROM revoked
       UNION ALL
       SELECT * FROM ${this.table} WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM revoked)`,
      [id, revokedAt],
    );
    return rows.map(fromStored)[0];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Tables made before tokens had owners, expiry and last use gain the columns in place, under
 * the schema's migration lock (once, however many processes open it); their rows keep working,
 * with no expiry. A table that has them is left alone, so opening needs no right to alter it.
 */
async function addOwnerAndTimes(pool: Pool, schema: string, table: string): Promise<void> {
  const { rowCount } = await pool.query(
    `SELECT 1 FROM information_schema.columns
     WHERE table_schema = $1 AND table_name = 'access_tokens' AND column_name = 'last_used_at'`,
    [schema],
  );
  if (rowCount) return;
  await inLockedTransaction(pool, schemaMigrationLockKey(schema), async (client) => {
    await client.query(`ALTER TABLE ${table}
      ADD COLUMN IF NOT EXISTS account_id text,
      ADD COLUMN IF NOT EXISTS expires_at timestamptz,
      ADD COLUMN IF NOT EXISTS last_used_at timestamptz`);
  });
}
