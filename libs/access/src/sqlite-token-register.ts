import type Database from 'better-sqlite3';
import { openAccessDatabase } from './sqlite-access-database';
import { TokenRegister, type TokenRow } from './token-register';

/** What makes a token active, for `findActive` and `activeIds` alike. */
const ACTIVE = 'revoked_at IS NULL';

/** Active tokens held in memory, by id: a bound against a flood of made-up ids. */
const MAX_CACHED_TOKENS = 10_000;

/**
 * Tokens in a SQLite file (`access.sqlite` under DATA_DIR): one machine. Active tokens are
 * held in memory, but every check first asks SQLite whether any other connection committed to
 * the file since the last check (`PRAGMA data_version`, no table read) and forgets them if so,
 * so a token created or revoked by the CLI while the server runs takes effect on the next
 * request.
 */
export class SqliteTokenRegister extends TokenRegister {
  private readonly db: Database.Database;
  private readonly selectActive: Database.Statement<[string], TokenRow>;
  private readonly selectActiveIds: Database.Statement<[string], string>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly active = new Map<string, TokenRow>();
  private seenDataVersion: number | null = null;

  constructor(filename: string) {
    super();
    this.db = openAccessDatabase(filename);
    this.db.exec(`CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      area_code TEXT,
      secret_hash BLOB NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    )`);
    this.selectActive = this.db.prepare(`SELECT * FROM tokens WHERE id = ? AND ${ACTIVE}`);
    this.selectActiveIds = this.db
      .prepare<[string], string>(
        `SELECT id FROM tokens WHERE ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
      )
      .pluck();
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  protected insert(row: TokenRow): void {
    this.db
      .prepare(
        `INSERT INTO tokens (id, name, role, area_code, secret_hash, created_at, revoked_at)
         VALUES (@id, @name, @role, @area_code, @secret_hash, @created_at, @revoked_at)`,
      )
      .run(row);
  }

  protected rows(): TokenRow[] {
    return this.db.prepare('SELECT * FROM tokens ORDER BY created_at').all() as TokenRow[];
  }

  protected markRevoked(id: string, revokedAt: string): TokenRow | undefined {
    this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(revokedAt, id);
    this.active.clear(); // this connection's own commits do not move its data_version
    return this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
  }

  protected activeIds(ids: readonly string[]): string[] {
    return this.selectActiveIds.all(JSON.stringify(ids));
  }

  protected findActive(id: string): TokenRow | undefined {
    const dataVersion = this.dataVersion.get();
    if (dataVersion !== this.seenDataVersion) {
      this.active.clear();
      this.seenDataVersion = dataVersion ?? null;
    }
    let row = this.active.get(id);
    if (!row) {
      row = this.selectActive.get(id);
      if (row && this.active.size < MAX_CACHED_TOKENS) this.active.set(id, row);
    }
    return row;
  }

  close(): void {
    this.db.close();
  }
}
