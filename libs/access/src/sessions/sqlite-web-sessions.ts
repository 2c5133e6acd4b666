import type Database from 'better-sqlite3';
import { keepSqliteSecret } from '../single-secret';
import { openAccessDatabase } from '../sqlite-access-database';
import { type SessionLifetimes, WebSessions } from './web-sessions';

/** Web sessions in a table of `access.sqlite`, beside the tokens: one machine. */
export class SqliteWebSessions extends WebSessions {
  private readonly db: Database.Database;
  private readonly selectLive: Database.Statement<[string, number], string>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly forgetExpired: Database.Statement<[number]>;

  constructor(filename: string, lifetimes: SessionLifetimes) {
    super(lifetimes);
    this.db = openAccessDatabase(filename);
    this.db.exec(`CREATE TABLE IF NOT EXISTS web_sessions (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS web_sessions_expiry ON web_sessions (expires_at);
      CREATE TABLE IF NOT EXISTS web_session_secret (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        secret TEXT NOT NULL
      )`);
    this.selectLive = this.db
      .prepare<[string, number], string>(
        'SELECT data FROM web_sessions WHERE key = ? AND expires_at > ?',
      )
      .pluck();
    this.upsert = this.db.prepare(
      `INSERT INTO web_sessions (key, data, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
    );
    this.forgetExpired = this.db.prepare('DELETE FROM web_sessions WHERE expires_at <= ?');
  }

  protected read(key: string, now: number): string | undefined {
    return this.selectLive.get(key, now);
  }

  protected write(key: string, data: string, expiresAt: number): void {
    this.db.transaction(() => {
      this.upsert.run(key, data, expiresAt);
      this.forgetExpired.run(Date.now());
    })();
  }

  protected remove(key: string): void {
    this.db.prepare('DELETE FROM web_sessions WHERE key = ?').run(key);
  }

  protected keepSecret(candidate: string): string {
    return keepSqliteSecret(this.db, 'web_session_secret', candidate);
  }

  close(): void {
    this.db.close();
  }
}
