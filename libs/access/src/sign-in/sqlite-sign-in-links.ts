import Database from 'better-sqlite3';
import { openAccessDatabase } from '../sqlite-access-database';
import { KEPT_AFTER_EXPIRY_MS, SignInLinks, type StoredLink } from './sign-in-links';

/** Sign-in links in a table of `access.sqlite`, beside the tokens and sessions: one machine. */
export class SqliteSignInLinks extends SignInLinks {
  private readonly db: Database.Database;

  constructor(filename: string, lifetimeMs: number) {
    super(lifetimeMs);
    this.db = openAccessDatabase(filename);
    this.db.exec(`CREATE TABLE IF NOT EXISTS sign_in_links (
      key TEXT PRIMARY KEY,
      account_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      used_at INTEGER
    )`);
  }

  protected insert(key: string, accountId: string, expiresAt: number, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO sign_in_links (key, account_id, expires_at) VALUES (?, ?, ?)')
        .run(key, accountId, expiresAt);
      this.db
        .prepare('DELETE FROM sign_in_links WHERE expires_at <= ?')
        .run(now - KEPT_AFTER_EXPIRY_MS);
    })();
  }

  protected markUsed(key: string, now: number): string | undefined {
    return this.db
      .prepare<[number, string, number], string>(
        `UPDATE sign_in_links SET used_at = ?
         WHERE key = ? AND used_at IS NULL AND expires_at > ? RETURNING account_id`,
      )
      .pluck()
      .get(now, key, now);
  }

  protected find(key: string): StoredLink | undefined {
    return this.db
      .prepare<[string], StoredLink>(
        `SELECT account_id AS accountId, expires_at AS expiresAt, used_at AS usedAt
         FROM sign_in_links WHERE key = ?`,
      )
      .get(key);
  }

  close(): void {
    this.db.close();
  }
}
