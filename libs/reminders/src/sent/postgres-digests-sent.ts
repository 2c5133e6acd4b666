import { escapeIdentifier, Pool } from 'pg';
import { inLockedTransaction, schemaMigrationLockKey } from '@app/event-store';
import {
  CLAIM_SQL,
  CREATE_SQL,
  type DigestClaim,
  type DigestRecord,
  type DigestRow,
  DigestsSent,
  recordOf,
  SETTLE_SQL,
} from './digests-sent';

/**
 * The record of digests in the tokens' PostgreSQL schema (DATABASE_SCHEMA), shared by every API
 * process: a claim made by one is seen by all, as one statement under the row's lock.
 */
export class PostgresDigestsSent extends DigestsSent {
  private constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly secrets: string,
  ) {
    super();
  }

  static async open(options: {
    connectionString: string;
    schema: string;
  }): Promise<PostgresDigestsSent> {
    const pool = new Pool({ connectionString: options.connectionString, max: 2 });
    pool.on('error', () => undefined); // an idle connection lost: the pool replaces it
    const schema = escapeIdentifier(options.schema);
    const table = `${schema}.digests_sent`;
    const secrets = `${schema}.digest_unsubscribe_secret`;
    try {
      const { rows } = await pool.query<{ table: string | null }>(
        'SELECT to_regclass($1) AS table',
        [secrets],
      );
      if (rows[0].table === null) {
        // As the tokens' tables: created under the schema's migration lock, by one process.
        await inLockedTransaction(pool, schemaMigrationLockKey(options.schema), async (client) => {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          for (const sql of CREATE_SQL(table, secrets, 'bigint')) await client.query(sql);
        });
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresDigestsSent(pool, table, secrets);
  }

  async claim(claim: DigestClaim): Promise<number | null> {
    const { rows } = await this.pool.query<{ attempts: number }>(CLAIM_SQL(this.table), [
      claim.accountId,
      claim.period,
      claim.contentHash,
      claim.claimant,
      claim.until,
      claim.messageId,
      claim.now,
    ]);
    return rows[0]?.attempts ?? null;
  }

  async settle(settlement: Parameters<DigestsSent['settle']>[0]): Promise<boolean> {
    const { rowCount } = await this.pool.query(SETTLE_SQL(this.table), [
      settlement.state,
      settlement.at,
      settlement.accountId,
      settlement.period,
      settlement.claimant,
    ]);
    return rowCount === 1;
  }

  async find(accountId: string, period: string): Promise<DigestRecord | null> {
    const { rows } = await this.pool.query<DigestRow>(
      `SELECT * FROM ${this.table} WHERE account_id = $1 AND period = $2`,
      [accountId, period],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  protected async keepSecret(candidate: string): Promise<string> {
    const { rows } = await this.pool.query<{ secret: string }>(
      `WITH kept AS (
         INSERT INTO ${this.secrets} (only_row, secret) VALUES (1, $1)
         ON CONFLICT DO NOTHING RETURNING secret
       )
       SELECT secret FROM kept UNION ALL SELECT secret FROM ${this.secrets}`,
      [candidate],
    );
    return rows[0].secret;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
