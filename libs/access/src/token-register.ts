import Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import { Actor, DomainError, ErrorCode, Role } from '@app/kernel';

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  areaCode: string | null;
  createdAt: string;
  revokedAt: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  area_code: string | null;
  secret_hash: Buffer;
  created_at: string;
  revoked_at: string | null;
}

/** Tokens look like `rt_<id>.<secret>`: the id finds the row, the secret is checked by hash. */
const TOKEN_PATTERN = /^rt_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** Active tokens held in memory, by id: a bound against a flood of made-up ids. */
const MAX_CACHED_TOKENS = 10_000;

/**
 * Bearer tokens, stored hashed. The secret has 256 bits of entropy, so a plain SHA-256 is
 * enough (no password stretching needed). Active tokens are held in memory, but every check
 * first asks SQLite whether any other connection committed to the file since the last check
 * (`PRAGMA data_version`, no table read) and forgets them if so, so a token created or revoked
 * by the CLI while the server runs takes effect on the next request.
 */
export class TokenRegister {
  private readonly db: Database.Database;
  private readonly findActive: Database.Statement<[string], TokenRow>;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly active = new Map<string, TokenRow>();
  private seenDataVersion: number | null = null;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS tokens (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      area_code TEXT,
      secret_hash BLOB NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    )`);
    this.findActive = this.db.prepare('SELECT * FROM tokens WHERE id = ? AND revoked_at IS NULL');
    this.dataVersion = this.db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** Issues a token and returns it in clear, once: only its hash is kept. */
  create(input: { name: string; role: Role; areaCode: string | null }): {
    token: string;
    record: TokenRecord;
  } {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const record: TokenRecord = {
      ...input,
      id,
      createdAt: new Date().toISOString(),
      revokedAt: null,
    };
    this.db
      .prepare(
        'INSERT INTO tokens (id, name, role, area_code, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, input.name, input.role, input.areaCode, hashSecret(secret), record.createdAt);
    this.active.clear(); // this connection's own commits do not move its data_version
    return { token: `rt_${id}.${secret}`, record };
  }

  list(): TokenRecord[] {
    const rows = this.db.prepare('SELECT * FROM tokens ORDER BY created_at').all() as TokenRow[];
    return rows.map(toRecord);
  }

  revoke(id: string): TokenRecord {
    const changed = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(new Date().toISOString(), id);
    this.active.clear();
    const row = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as
      TokenRow | undefined;
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, `Token ${id} was not found`, { id });
    if (changed.changes === 0 && !row.revoked_at)
      throw new Error(`Token ${id} could not be revoked`);
    return toRecord(row);
  }

  /** The actor a bearer token stands for, or null when it is unknown, revoked or malformed. */
  authenticate(token: string): Actor | null {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return null;
    const row = this.activeRow(match[1]);
    if (!row || !timingSafeEqual(row.secret_hash, hashSecret(match[2]))) return null;
    return { id: row.id, name: row.name, role: row.role, organisation: row.area_code };
  }

  private activeRow(id: string): TokenRow | undefined {
    const dataVersion = this.dataVersion.get();
    if (dataVersion !== this.seenDataVersion) {
      this.active.clear();
      this.seenDataVersion = dataVersion ?? null;
    }
    let row = this.active.get(id);
    if (!row) {
      row = this.findActive.get(id);
      if (row && this.active.size < MAX_CACHED_TOKENS) this.active.set(id, row);
    }
    return row;
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    areaCode: row.area_code,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
