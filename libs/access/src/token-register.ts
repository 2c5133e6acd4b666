import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import { Actor, assertText, DomainError, ErrorCode, Role } from '@app/kernel';

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  areaCode: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** A token as stored, whichever the database: times as ISO 8601 strings. */
export interface TokenRow {
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

/**
 * Bearer tokens, stored hashed. The secret has 256 bits of entropy, so a plain SHA-256 is
 * enough (no password stretching needed). Where the tokens are kept is up to the subclass
 * (a SQLite file, or a PostgreSQL table shared by every API process); each must make a token
 * created or revoked by any process count from the next request on. Implementations may answer
 * synchronously (SQLite) or not (PostgreSQL); callers always await.
 */
export abstract class TokenRegister {
  /**
   * Issues a token and returns it in clear, once: only its hash is kept. Its name is the name
   * of the actor on every event the token writes, so it keeps the text rule of event texts.
   */
  async create(input: { name: string; role: Role; areaCode: string | null }): Promise<{
    token: string;
    record: TokenRecord;
  }> {
    assertText('name', input.name, { maxLength: 200 });
    const secret = randomBytes(32).toString('base64url');
    const row: TokenRow = {
      id: randomUUID(),
      name: input.name,
      role: input.role,
      area_code: input.areaCode,
      secret_hash: hashSecret(secret),
      created_at: new Date().toISOString(),
      revoked_at: null,
    };
    await this.insert(row);
    return { token: `rt_${row.id}.${secret}`, record: toRecord(row) };
  }

  /** Every token, oldest first, revoked ones included. */
  async list(): Promise<TokenRecord[]> {
    return (await this.rows()).map(toRecord);
  }

  /** Revokes a token (again: a no-op); NOT_FOUND when there is no such token. */
  async revoke(id: string): Promise<TokenRecord> {
    const row = await this.markRevoked(id, new Date().toISOString());
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, `Token ${id} was not found`, { id });
    return toRecord(row);
  }

  /** The actor a bearer token stands for, or null when it is unknown, revoked or malformed. */
  async authenticate(token: string): Promise<Actor | null> {
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return null;
    const row = await this.findActive(match[1]);
    if (!row || !timingSafeEqual(row.secret_hash, hashSecret(match[2]))) return null;
    return actorOf(row);
  }

  /**
   * Which of these tokens (by id) may still act: the check that live WebSocket connections,
   * authenticated once, are put to again and again. It must agree with `authenticate` on what
   * active means; one query however many tokens are asked about.
   */
  async activeAmong(ids: readonly string[]): Promise<Set<string>> {
    return new Set(ids.length === 0 ? [] : await this.activeIds(ids));
  }

  abstract close(): Promise<void> | void;

  protected abstract insert(row: TokenRow): Promise<void> | void;

  /** Every row, by creation time. */
  protected abstract rows(): Promise<TokenRow[]> | TokenRow[];

  /** The row of an unrevoked token, as committed by any process up to now. */
  protected abstract findActive(id: string): Promise<TokenRow | undefined> | TokenRow | undefined;

  /** Those of `ids` that are active tokens, as committed by any process up to now (no cache). */
  protected abstract activeIds(ids: readonly string[]): Promise<string[]> | string[];

  /** Sets `revoked_at` unless already set; the row as it then stands, if any. */
  protected abstract markRevoked(
    id: string,
    revokedAt: string,
  ): Promise<TokenRow | undefined> | TokenRow | undefined;
}

const actorOf = (row: TokenRow): Actor => ({
  id: row.id,
  name: row.name,
  role: row.role,
  organisation: row.area_code,
});

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
