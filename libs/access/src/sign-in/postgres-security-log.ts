import { escapeIdentifier, type Pool } from 'pg';
import { openAccessPool } from '../postgres-access-tables';
import type { PostgresTokenRegisterOptions } from '../postgres-token-register';
import { SecurityLog, type SecurityEvent, type SecurityLogEntry } from '../security-log';
import { SECURITY_LOG_COLUMNS, securityLogValuesOf } from './security-log-columns';

/** The security log in the `security_log` table of the tokens' schema, written by every API process. */
export class PostgresSecurityLog extends SecurityLog {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
  ) {
    super();
  }

  static async open(options: PostgresTokenRegisterOptions): Promise<PostgresSecurityLog> {
    const pool = await openAccessPool(
      options,
      'security_log',
      async (client, schema) => {
        await client.query(`CREATE TABLE IF NOT EXISTS ${schema}.security_log (
          id bigserial PRIMARY KEY,
          at timestamptz NOT NULL DEFAULT now(),
          kind text NOT NULL,
          method text,
          account_id text,
          email text,
          client_address text,
          detail text
        )`);
        await client.query(
          `CREATE INDEX IF NOT EXISTS security_log_email ON ${schema}.security_log (email, id)`,
        );
      },
      2,
    );
    return new PostgresSecurityLog(pool, `${escapeIdentifier(options.schema)}.security_log`);
  }

  async record(event: SecurityEvent): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (${SECURITY_LOG_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      securityLogValuesOf(event),
    );
  }

  async list(options: Parameters<SecurityLog['list']>[0]): Promise<SecurityLogEntry[]> {
    const { rows } = await this.pool.query<
      Omit<SecurityLogEntry, 'id' | 'at'> & {
        id: string;
        at: Date;
      }
    >(
      `SELECT id, at, kind, method, account_id AS "accountId", email,
              client_address AS "clientAddress", detail
       FROM ${this.table}
       WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR account_id = $2)
         AND ($3::text IS NULL OR email = $3)
       ORDER BY id DESC LIMIT $4`,
      [
        options.before ?? null,
        options.accountId ?? null,
        options.email?.toLowerCase() ?? null,
        options.limit,
      ],
    );
    return rows.map((row) => ({ ...row, id: Number(row.id), at: row.at.toISOString() }));
  }

  override async close(): Promise<void> {
    await this.pool.end();
  }
}
