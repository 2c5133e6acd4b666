import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'crypto';
import { Actor, assertText, DomainError, ErrorCode, InvalidInputError, Role } from '@app/kernel';
import { AccountActors, TOKEN_SIGNED_IN_AT } from './account-actors';

export interface TokenRecord {
  id: string;
  name: string;
  role: Role;
  areaCode: string | null;
  /** The account the token acts as; null for an operator's token, which carries its own role. */
  accountId: string | null;
  createdAt: string;
  /** Null only for tokens made before tokens expired. */
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A token as stored, whichever the database: times as ISO 8601 strings. */
export interface TokenRow {
  id: string;
  name: string;
  role: Role;
  area_code: string | null;
  account_id: string | null;
  secret_hash: Buffer;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** What `activeAmong` needs of a row. */
export type TokenStanding = Pick<TokenRow, 'id' | 'account_id' | 'expires_at'>;

/** Tokens look like `rt_<id>.<secret>`: the id finds the row, the secret is checked by hash. */
const TOKEN_PATTERN = /^rt_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

/** The id part of a token (`rt_<id>.<secret>`), to follow it once it has been authenticated. */
export const tokenIdOf = (token: string): string | null => /^rt_([^.]+)/.exec(token)?.[1] ?? null;

const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

const DAY_MS = 86_400_000;
export const DEFAULT_TOKEN_DAYS = 90;
/** A year at most: a token that never expires is a secret nobody remembers to retire. */
export const MAX_TOKEN_DAYS = 365;
/** The lifetimes the pages offer. */
export const TOKEN_DAY_CHOICES = [30, 90, 180, 365] as const;

/**
 * `last_used_at` is written at most this often per token: a write per request would cost more
 * than the request, and a minute is as precise as anyone reading it needs.
 */
export const LAST_USED_GRANULARITY_MS = 60_000;

/** Refuses a lifetime that is not a whole number of days from 1 to MAX_TOKEN_DAYS. */
export function assertTokenDays(days: number, field = 'expiresInDays'): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new InvalidInputError(
      field,
      'between',
      `A token lasts a whole number of days from 1 to ${MAX_TOKEN_DAYS}`,
    );
  }
}

/** Whom a new token is for: an account (acting as it, whatever it becomes), or an operator's role. */
export type TokenHolder = { account: Actor } | { role: Role; areaCode: string | null };

/**
 * Bearer tokens, stored hashed. The secret has 256 bits of entropy, so a plain SHA-256 is
 * enough (no password stretching needed). Where the tokens are kept is up to the subclass
 * (a SQLite file, or a PostgreSQL table shared by every API process); each must make a token
 * created or revoked by any process count from the next request on. Implementations may answer
 * synchronously (SQLite) or not (PostgreSQL); callers always await.
 *
 * A token of an account acts as the account is now, asked of `accounts` on every check (the
 * account lives in the event store, which no cache of the tokens' own file would see change):
 * so it follows the account's role and areas, and stops when the account is deactivated.
 */
export abstract class TokenRegister {
  constructor(protected readonly accounts: AccountActors) {}

  /**
   * Issues a token and returns it in clear, once: only its hash is kept. Its name labels it
   * (and is the actor's name on every event an operator's token writes), so it keeps the text
   * rule of event texts.
   */
  async create(
    input: { name: string; expiresInDays?: number } & TokenHolder,
    now = Date.now(),
  ): Promise<{ token: string; record: TokenRecord }> {
    if (input.name.trim() === '') {
      throw new InvalidInputError('name', 'required', 'A token needs a name: what it is for');
    }
    assertText('name', input.name, { maxLength: 200 });
    const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
    assertTokenDays(days);
    const secret = randomBytes(32).toString('base64url');
    const row: TokenRow = {
      id: randomUUID(),
      name: input.name,
      // An account's token keeps its role and area as at creation, for the list only.
      role: 'account' in input ? input.account.role : input.role,
      area_code: 'account' in input ? input.account.organisation : input.areaCode,
      account_id: 'account' in input ? input.account.id : null,
      secret_hash: hashSecret(secret),
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + days * DAY_MS).toISOString(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.insert(row);
    return { token: `rt_${row.id}.${secret}`, record: toRecord(row) };
  }

  /** Every token (of one account, if given), oldest first, revoked ones included. */
  async list(accountId?: string): Promise<TokenRecord[]> {
    const rows = await this.rows();
    return rows
      .filter((row) => accountId === undefined || row.account_id === accountId)
      .map(toRecord);
  }

  /**
   * Revokes a token (again: a no-op); NOT_FOUND when there is no such token, or when `accountId`
   * is given and the token is not that account's (a person revokes only their own).
   */
  async revoke(id: string, accountId?: string): Promise<TokenRecord> {
    if (accountId !== undefined) {
      const own = (await this.rows()).some((row) => row.id === id && row.account_id === accountId);
      if (!own) throw notFound(id);
    }
    const row = await this.markRevoked(id, new Date().toISOString());
    if (!row) throw notFound(id);
    return toRecord(row);
  }

  /** The actor a bearer token stands for, or null when it is unknown, revoked or malformed. */
  async authenticate(token: string, now = Date.now()): Promise<Actor | null> {
    return (await this.check(token, now)).actor;
  }

  /**
   * What a bearer token stands for: its actor, or null with why (`expired` lets the guard say
   * so; unknown, revoked, malformed and a deactivated account are all just refused).
   */
  async check(token: string, now = Date.now()): Promise<{ actor: Actor | null; expired: boolean }> {
    const refused = { actor: null, expired: false };
    const match = TOKEN_PATTERN.exec(token);
    if (!match) return refused;
    const row = await this.findActive(match[1]);
    if (!row || !timingSafeEqual(row.secret_hash, hashSecret(match[2]))) return refused;
    if (expired(row, now)) return { actor: null, expired: true };
    const actor = row.account_id
      ? await this.accounts.actorOf(row.account_id, TOKEN_SIGNED_IN_AT)
      : operatorActorOf(row);
    if (!actor) return refused;
    const lastUsed = row.last_used_at === null ? null : Date.parse(row.last_used_at);
    if (lastUsed === null || now - lastUsed >= LAST_USED_GRANULARITY_MS) {
      const at = new Date(now).toISOString();
      await this.markUsed(row.id, at, new Date(now - LAST_USED_GRANULARITY_MS).toISOString());
    }
    return { actor, expired: false };
  }

  /**
   * Which of these tokens (by id) may still act: the check that live WebSocket connections,
   * authenticated once, are put to again and again. It agrees with `authenticate` on what
   * active means (unrevoked, unexpired, its account active); one query however many tokens are
   * asked about, and one look at each account among them.
   */
  async activeAmong(ids: readonly string[], now = Date.now()): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const standing = (await this.activeRows(ids)).filter((row) => !expired(row, now));
    const accounts = new Map<string, Promise<Actor | null>>();
    const active = new Set<string>();
    for (const row of standing) {
      if (row.account_id) {
        const accountId = row.account_id;
        if (!accounts.has(accountId)) {
          accounts.set(accountId, this.accounts.actorOf(accountId, TOKEN_SIGNED_IN_AT));
        }
        if (!(await accounts.get(accountId))) continue;
      }
      active.add(row.id);
    }
    return active;
  }

  abstract close(): Promise<void> | void;

  protected abstract insert(row: TokenRow): Promise<void> | void;

  /** Every row, by creation time. */
  protected abstract rows(): Promise<TokenRow[]> | TokenRow[];

  /** The row of an unrevoked token, as committed by any process up to now. */
  protected abstract findActive(id: string): Promise<TokenRow | undefined> | TokenRow | undefined;

  /** Those of `ids` that are unrevoked tokens, as committed by any process up to now (no cache). */
  protected abstract activeRows(ids: readonly string[]): Promise<TokenStanding[]> | TokenStanding[];

  /**
   * Sets `last_used_at` to `at` unless another check (in any process) set it after `notAfter`:
   * at most one write a minute per token, however many processes see it.
   */
  protected abstract markUsed(id: string, at: string, notAfter: string): Promise<void> | void;

  /** Sets `revoked_at` unless already set; the row as it then stands, if any. */
  protected abstract markRevoked(
    id: string,
    revokedAt: string,
  ): Promise<TokenRow | undefined> | TokenRow | undefined;
}

/** Tokens made before tokens expired have no expiry, and keep working. */
const expired = (row: Pick<TokenRow, 'expires_at'>, now: number): boolean =>
  row.expires_at !== null && Date.parse(row.expires_at) <= now;

const notFound = (id: string): DomainError =>
  new DomainError(ErrorCode.NOT_FOUND, `Token ${id} was not found`, { id });

const operatorActorOf = (row: TokenRow): Actor => ({
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
    accountId: row.account_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
