import type Database from 'better-sqlite3';
import { openAccessDatabase } from './sqlite-access-database';
import type { AccountActors } from './account-actors';
import { TokenRegister, type TokenRow, type TokenStanding } from './token-register';

/** What makes a token active, for `findActive` and `activeIds` alike. */
const ACTIVE = 'revoked_at IS NULL';

/** The columns tokens gained with owners, expiry and last use. */
const NEW_COLUMNS = ['account_id', 'expires_at', 'last_used_at'];

/** Active tokens held in memory, by id: a bound against a flood of made-up ids. */
const MAX_CACHED_TOKENS = 10_000;

/**
 * Tokens in a SQLite file (`access.sqlite` under DATA_DIR): one machine. Active tokens are
 * held in memory, but every check first asks SQLite whether any other connection committed to
 * the file since the last check (`PRAGMA data_version`, no table read) and forgets them if so,
 * so a token created or revoked by the CLI while the server runs takes effect on the next
 * request. Only the token's own row is cached: an account's token asks the account afresh on
 * every check (see TokenRegister), as the account's deactivation is not in this file.
 */
export class SqliteTokenRegister extends TokenRegister {
  private readonly db: Database.Database;
  private readonly selectActive: Database.Statement<[string], TokenRow>;
  private readonly selectActiveRows: Database.Statement<[string], TokenStanding>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly active = new Map<string, TokenRow>();
  private seenDataVersion: number | null = null;

  constructor(filename: string, accounts: AccountActors) {
    super(accounts);
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
    this.addOwnerAndTimes();
    this.selectActive = this.db.prepare(`SELECT * FROM tokens WHERE id = ? AND ${ACTIVE}`);
    this.selectActiveRows = this.db.prepare<[string], TokenStanding>(
      `SELECT id, account_id, expires_at FROM tokens
       WHERE ${ACTIVE} AND id IN (SELECT value FROM json_each(?))`,
    );
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /**
   * Tables made before tokens had owners, expiry and last use gain the columns in place (in
   * one write transaction, so two processes opening it at once do not both add them); their
   * rows keep working, with no expiry.
   */
  private addOwnerAndTimes(): void {
    const columns = this.db
      .prepare<[], string>("SELECT name FROM pragma_table_info('tokens')")
      .pluck();
    const missing = (): string[] => {
      const present = new Set(columns.all());
      return NEW_COLUMNS.filter((column) => !present.has(column));
    };
    if (missing().length === 0) return;
    this.db
      .transaction(() => {
        for (const column of missing()) {
          this.db.exec(`ALTER TABLE tokens ADD COLUMN ${column} TEXT`);
        }
      })
      .immediate();
  }

  protected insert(row: TokenRow): void {
    this.db
      .prepare(
        `INSERT INTO tokens (id, name, role, area_code, account_id, secret_hash, created_at,
           expires_at, last_used_at, revoked_at)
         VALUES (@id, @name, @role, @area_code, @account_id, @secret_hash, @created_at,
           @expires_at, @last_used_at, @revoked_at)`,
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

  protected activeRows(ids: readonly string[]): TokenStanding[] {
    return this.selectActiveRows.all(JSON.stringify(ids));
  }

  protected markUsed(id: string, at: string, notAfter: string): void {
    this.db
      .prepare(
        'UPDATE tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)',
      )
      .run(at, id, notAfter);
    // This connection's own commits do not move its data_version: its cached row is re-read.
    this.active.delete(id);
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
