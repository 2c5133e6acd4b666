import Database from 'better-sqlite3';
import { SecurityLog, type SecurityEvent, type SecurityLogEntry } from '../security-log';
import { openAccessDatabase } from '../sqlite-access-database';
import { SECURITY_LOG_COLUMNS, securityLogValuesOf } from './security-log-columns';

/** The security log in a table of `access.sqlite`, beside the tokens and sessions: one machine. */
export class SqliteSecurityLog extends SecurityLog {
  private readonly db: Database.Database;

  constructor(filename: string) {
    super();
    this.db = openAccessDatabase(filename);
    this.db.exec(`CREATE TABLE IF NOT EXISTS security_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        method TEXT,
        account_id TEXT,
        email TEXT,
        client_address TEXT,
        detail TEXT
      );
      CREATE INDEX IF NOT EXISTS security_log_email ON security_log (email, id)`);
  }

  record(event: SecurityEvent): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO security_log (at, ${SECURITY_LOG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(new Date().toISOString(), ...securityLogValuesOf(event));
    return Promise.resolve();
  }

  list(options: Parameters<SecurityLog['list']>[0]): Promise<SecurityLogEntry[]> {
    const rows = this.db
      .prepare<
        [{ before: number; accountId: string | null; email: string | null; limit: number }],
        SecurityLogEntry
      >(
        `SELECT id, at, kind, method, account_id AS accountId, email,
                client_address AS clientAddress, detail
         FROM security_log
         WHERE id < @before AND (@accountId IS NULL OR account_id = @accountId)
           AND (@email IS NULL OR email = @email)
         ORDER BY id DESC LIMIT @limit`,
      )
      .all({
        before: options.before ?? Number.MAX_SAFE_INTEGER,
        accountId: options.accountId ?? null,
        email: options.email?.toLowerCase() ?? null,
        limit: options.limit,
      });
    return Promise.resolve(rows);
  }

  override close(): void {
    this.db.close();
  }
}
