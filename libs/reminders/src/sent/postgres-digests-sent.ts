import { escapeIdentifier, type Pool } from 'pg';
import { keepPostgresSecret, openAccessPool } from '@app/access';
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
    const schema = escapeIdentifier(options.schema);
    const table = `${schema}.digests_sent`;
    const secrets = `${schema}.digest_unsubscribe_secret`;
    const pool = await openAccessPool(
      options,
      'digest_unsubscribe_secret',
      async (client) => {
        for (const sql of CREATE_SQL(table, secrets, 'bigint')) await client.query(sql);
      },
      2,
    );
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

  protected keepSecret(candidate: string): Promise<string> {
    return keepPostgresSecret(this.pool, this.secrets, candidate);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
