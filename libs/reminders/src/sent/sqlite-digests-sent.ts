import type Database from 'better-sqlite3';
import { keepSqliteSecret, openAccessDatabase } from '@app/access';
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

/** `$1`, `$2`... as SQLite's numbered parameters `?1`, `?2`... */
const numbered = (sql: string): string => sql.replace(/\$(\d+)/g, '?$1');
/** better-sqlite3 binds numbered parameters by name: `{ 1: ..., 2: ... }`. */
const byNumber = (...values: unknown[]): Record<number, unknown> =>
  Object.fromEntries(values.map((value, index) => [index + 1, value]));

/** The record of digests in `access.sqlite`, beside the tokens and sessions: one machine. */
export class SqliteDigestsSent extends DigestsSent {
  private readonly db: Database.Database;

  constructor(filename: string) {
    super();
    this.db = openAccessDatabase(filename);
    for (const sql of CREATE_SQL('digests_sent', 'digest_unsubscribe_secret', 'integer')) {
      this.db.exec(sql);
    }
  }

  claim(claim: DigestClaim): Promise<number | null> {
    const row = this.db
      .prepare<[Record<number, unknown>], { attempts: number }>(numbered(CLAIM_SQL('digests_sent')))
      .get(
        byNumber(
          claim.accountId,
          claim.period,
          claim.contentHash,
          claim.claimant,
          claim.until,
          claim.messageId,
          claim.now,
        ),
      );
    return Promise.resolve(row?.attempts ?? null);
  }

  settle(settlement: Parameters<DigestsSent['settle']>[0]): Promise<boolean> {
    const { changes } = this.db
      .prepare(numbered(SETTLE_SQL('digests_sent')))
      .run(
        byNumber(
          settlement.state,
          settlement.at,
          settlement.accountId,
          settlement.period,
          settlement.claimant,
        ),
      );
    return Promise.resolve(changes === 1);
  }

  find(accountId: string, period: string): Promise<DigestRecord | null> {
    const row = this.db
      .prepare<[string, string], DigestRow>(
        'SELECT * FROM digests_sent WHERE account_id = ? AND period = ?',
      )
      .get(accountId, period);
    return Promise.resolve(row ? recordOf(row) : null);
  }

  protected keepSecret(candidate: string): Promise<string> {
    return Promise.resolve(keepSqliteSecret(this.db, 'digest_unsubscribe_secret', candidate));
  }

  close(): void {
    this.db.close();
  }
}
