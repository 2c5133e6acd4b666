import { escapeIdentifier, type Pool } from 'pg';
import { openAccessPool } from './postgres-access-tables';
import { TokenRegister, type TokenRow } from './token-register';

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
type StoredRow = Omit<TokenRow, 'created_at' | 'revoked_at'> & {
  created_at: Date;
  revoked_at: Date | null;
};

const fromStored = (row: StoredRow): TokenRow => ({
  ...row,
  created_at: row.created_at.toISOString(),
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
  ) {
    super();
  }

  /** Connects, and creates the schema and the table if missing. */
  static async open(options: PostgresTokenRegisterOptions): Promise<PostgresTokenRegister> {
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
    return new PostgresTokenRegister(pool, table);
  }

  protected async insert(row: TokenRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (id, name, role, area_code, secret_hash, created_at, revoked_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, row.name, row.role, row.area_code, row.secret_hash, row.created_at, row.revoked_at],
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

  protected async activeIds(ids: readonly string[]): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM ${this.table} WHERE id = ANY($1::text[]) AND ${ACTIVE}`,
      [ids],
    );
    return rows.map((row) => row.id);
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
