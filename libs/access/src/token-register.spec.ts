import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { escapeIdentifier } from 'pg';
import { createHash, randomBytes, randomUUID } from 'crypto';
import { Actor, ErrorCode, Role } from '@app/kernel';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
  withClient,
} from '../../event-store/src/testing/postgres';
import { PostgresTokenRegister } from './postgres-token-register';
import { assertTokenScope } from './roles';
import { SqliteTokenRegister } from './sqlite-token-register';
import { AccountActors } from './account-actors';
import { LAST_USED_GRANULARITY_MS, TokenRegister } from './token-register';

/**
 * Accounts as the accounts context keeps them (in the event store, which every process reads):
 * the actor of an active account whose sessions were not ended since `signedInAt`.
 */
class Accounts extends AccountActors {
  readonly accounts = new Map<string, { actor: Actor; active: boolean; sessionsEndedAt: number }>();
  asked = 0;
  actorOf(accountId: string, signedInAt: number): Promise<Actor | null> {
    this.asked++;
    const account = this.accounts.get(accountId);
    const acts = account?.active && account.sessionsEndedAt < signedInAt;
    return Promise.resolve(acts ? account.actor : null);
  }
}

/** A token's id and secret, and its row as a table made before tokens expired holds it. */
function legacyToken(): {
  token: string;
  row: [string, string, string, string | null, Buffer, string, string | null];
} {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const hash = createHash('sha256').update(secret).digest();
  const row: [string, string, string, string | null, Buffer, string, string | null] = [
    id,
    'Old',
    Role.AUDITOR,
    null,
    hash,
    '2024-01-01T00:00:00.000Z',
    null,
  ];
  return { token: `rt_${id}.${secret}`, row };
}

/** One database of tokens, opened as many times as a test needs (as several processes would). */
interface TokenStore {
  open(): Promise<TokenRegister> | TokenRegister;
  /** Every stored row, as text: what someone reading the database would see. */
  dump(): Promise<string> | string;
  /** Makes the tokens' table as it was before tokens had owners, expiry and last use. */
  makeLegacy(row: ReturnType<typeof legacyToken>['row']): Promise<void> | void;
  remove(): Promise<void> | void;
}

/** Every store's registers share one set of accounts, as every process shares the event store. */
let accounts: Accounts;
beforeEach(() => {
  accounts = new Accounts();
});

/** The same cases for every implementation. */
function describeTokenRegister(name: string, createStore: () => TokenStore): void {
  describe(name, () => {
    let store: TokenStore;
    let register: TokenRegister;
    const others: TokenRegister[] = [];
    /** Another process's register on the same database. */
    const another = async (): Promise<TokenRegister> => {
      const other = await store.open();
      others.push(other);
      return other;
    };
    beforeEach(async () => {
      store = createStore();
      register = await store.open();
    });
    afterEach(async () => {
      for (const other of others.splice(0)) await other.close();
      await register.close();
      await store.remove();
    });

    it('refuses a name that would put hostile text on every event, storing nothing', async () => {
      for (const [name, rule] of [
        ['Ada \u202EdraoB', 'noDirectionOverrides'],
        ['Ada\u001B[2J', 'noControlCharacters'],
        ['Ada\nBoard', 'singleLine'],
        ['A'.repeat(201), 'maxLength'],
      ]) {
        await expect(
          register.create({ name, role: Role.BOARD_MEMBER, areaCode: null }),
        ).rejects.toMatchObject({
          code: ErrorCode.BAD_USER_INPUT,
          details: { field: 'name', rule },
        });
      }
      expect(await register.list()).toEqual([]);
    });

    it('authenticates a token it issued as the actor it names', async () => {
      const { token, record } = await register.create({
        name: 'Officer',
        role: Role.LOCAL_AUTHORITY,
        areaCode: 'E09000022',
      });
      expect(await register.authenticate(token)).toEqual({
        id: record.id,
        name: 'Officer',
        role: Role.LOCAL_AUTHORITY,
        organisation: 'E09000022',
      });
    });

    it('stores only a hash of the secret', async () => {
      const { token } = await register.create({
        name: 'Board',
        role: Role.BOARD_MEMBER,
        areaCode: null,
      });
      const secret = token.split('.')[1];
      const dump = await store.dump();
      expect(dump).toContain(token.slice(3, 39)); // the id is there, the secret is not
      expect(dump).not.toContain(secret);
    });

    it('refuses a wrong secret, a malformed token and a revoked token', async () => {
      const { token, record } = await register.create({
        name: 'Board',
        role: Role.BOARD_MEMBER,
        areaCode: null,
      });
      const [id] = token.split('.');
      expect(await register.authenticate(`${id}.${'A'.repeat(43)}`)).toBeNull();
      expect(await register.authenticate('not-a-token')).toBeNull();
      const revoked = await register.revoke(record.id);
      expect(revoked).toEqual({ ...record, revokedAt: expect.any(String) });
      expect(await register.authenticate(token)).toBeNull();
      // Revoking again changes nothing.
      expect(await register.revoke(record.id)).toEqual(revoked);
    });

    it('lists every token, oldest first, revoked ones included, without secrets', async () => {
      const first = await register.create({ name: 'A', role: Role.ADMIN, areaCode: null });
      // Creation times are kept to the millisecond: two in the same one have no order.
      await new Promise((resolve) => setTimeout(resolve, 2));
      const second = await register.create({
        name: 'L',
        role: Role.LOCAL_AUTHORITY,
        areaCode: 'E09000022',
      });
      await register.revoke(first.record.id);
      const listed = await register.list();
      expect(listed.map((record) => record.id)).toEqual([first.record.id, second.record.id]);
      expect(listed[0]).toEqual({ ...first.record, revokedAt: expect.any(String) });
      expect(listed[1]).toEqual(second.record);
    });

    it('sees tokens created by another process at once', async () => {
      const other = await another();
      const { token } = await other.create({ name: 'Auditor', role: Role.AUDITOR, areaCode: null });
      expect((await register.authenticate(token))?.role).toBe(Role.AUDITOR);
    });

    it('refuses a token revoked by another process, or by itself, on the next request though it was just used', async () => {
      const { token, record } = await register.create({
        name: 'B',
        role: Role.BOARD_MEMBER,
        areaCode: null,
      });
      expect((await register.authenticate(token))?.id).toBe(record.id);
      await (await another()).revoke(record.id);
      expect(await register.authenticate(token)).toBeNull();

      const second = await register.create({ name: 'C', role: Role.AUDITOR, areaCode: null });
      expect((await register.authenticate(second.token))?.role).toBe(Role.AUDITOR);
      await register.revoke(second.record.id);
      expect(await register.authenticate(second.token)).toBeNull();
    });

    it('tells which of many tokens are still active, revoked by another process a moment ago or not', async () => {
      const kept = await register.create({ name: 'K', role: Role.AUDITOR, areaCode: null });
      const cut = await register.create({ name: 'R', role: Role.AUDITOR, areaCode: null });
      const ids = [kept.record.id, cut.record.id, '00000000-0000-0000-0000-000000000000'];
      expect(await register.activeAmong(ids)).toEqual(new Set([kept.record.id, cut.record.id]));
      await (await another()).revoke(cut.record.id);
      expect(await register.activeAmong(ids)).toEqual(new Set([kept.record.id]));
      expect(await register.activeAmong([])).toEqual(new Set());
    });

    it('reports an unknown token id on revoke', async () => {
      await expect(register.revoke('nope')).rejects.toMatchObject({ code: ErrorCode.NOT_FOUND });
    });

    it('lasts 90 days unless told, refuses a lifetime outside 1 to 365 days, and refuses an expired token', async () => {
      const now = Date.parse('2026-01-01T00:00:00Z');
      const { record } = await register.create(
        { name: 'A', role: Role.AUDITOR, areaCode: null },
        now,
      );
      expect(record.expiresAt).toBe('2026-04-01T00:00:00.000Z');
      for (const expiresInDays of [0, 366, 1.5, Number.NaN]) {
        await expect(
          register.create({ name: 'B', role: Role.AUDITOR, areaCode: null, expiresInDays }),
        ).rejects.toMatchObject({ details: { field: 'expiresInDays', rule: 'between' } });
      }
      expect(await register.list()).toHaveLength(1);

      const day = 86_400_000;
      const { token, record: short } = await register.create(
        { name: 'C', role: Role.AUDITOR, areaCode: null, expiresInDays: 1 },
        now,
      );
      expect(await register.check(token, now + day - 1)).toMatchObject({
        actor: { id: short.id },
        expired: false,
      });
      expect(await register.check(token, now + day)).toEqual({ actor: null, expired: true });
      expect(await (await another()).authenticate(token, now + day)).toBeNull();
      expect(await register.activeAmong([short.id], now + day - 1)).toEqual(new Set([short.id]));
      expect(await register.activeAmong([short.id], now + day)).toEqual(new Set());
    });

    it('writes the last use at most once a minute, for every process, and keeps it', async () => {
      const now = Date.now();
      const { token, record } = await register.create(
        { name: 'A', role: Role.AUDITOR, areaCode: null },
        now,
      );
      expect(record.lastUsedAt).toBeNull();
      const lastUsed = async (): Promise<string | null> =>
        (await (await another()).list()).find((listed) => listed.id === record.id)!.lastUsedAt;
      await register.authenticate(token, now + 1000);
      expect(await lastUsed()).toBe(new Date(now + 1000).toISOString());
      await register.authenticate(token, now + 30_000);
      await (await another()).authenticate(token, now + 40_000);
      expect(await lastUsed()).toBe(new Date(now + 1000).toISOString());
      await register.authenticate(token, now + 1000 + LAST_USED_GRANULARITY_MS);
      expect(await lastUsed()).toBe(new Date(now + 1000 + LAST_USED_GRANULARITY_MS).toISOString());
      // A refused token is not "used".
      await register.revoke(record.id);
      await register.authenticate(token, now + 1000 + 3 * LAST_USED_GRANULARITY_MS);
      expect(await lastUsed()).toBe(new Date(now + 1000 + LAST_USED_GRANULARITY_MS).toISOString());
    });

    it("acts as its account is now: the account's role and areas, refused once deactivated, kept when sessions end", async () => {
      const officer: Actor = {
        id: 'account-1',
        name: 'Olu Officer',
        role: Role.LOCAL_AUTHORITY,
        organisation: 'E09000022',
      };
      accounts.accounts.set(officer.id, { actor: officer, active: true, sessionsEndedAt: 0 });
      const { token, record } = await register.create({ name: 'Laptop script', account: officer });
      expect(record).toMatchObject({ accountId: officer.id, role: Role.LOCAL_AUTHORITY });
      expect(await register.authenticate(token)).toEqual(officer);
      expect(await register.list(officer.id)).toEqual([
        { ...record, lastUsedAt: expect.any(String) },
      ]);
      expect(await register.list('someone-else')).toEqual([]);

      // An admin gives the officer a second area: the token follows, though its row says one.
      const shared = { ...officer, areaCodes: ['E09000022', 'E09000028'] };
      accounts.accounts.set(officer.id, { actor: shared, active: true, sessionsEndedAt: 0 });
      expect(await register.authenticate(token)).toEqual(shared);

      // Ending the person's sessions leaves their tokens.
      accounts.accounts.set(officer.id, {
        actor: shared,
        active: true,
        sessionsEndedAt: Date.now(),
      });
      expect(await register.authenticate(token)).toEqual(shared);
      expect(await register.activeAmong([record.id])).toEqual(new Set([record.id]));

      // Deactivated (in the event store, not the tokens' database): refused at once, everywhere,
      // though this register has just accepted the token.
      accounts.accounts.set(officer.id, { actor: shared, active: false, sessionsEndedAt: 0 });
      expect(await register.authenticate(token)).toBeNull();
      expect(await (await another()).authenticate(token)).toBeNull();
      expect(await register.activeAmong([record.id])).toEqual(new Set());
    });

    it('revokes a token for its own account only', async () => {
      const owner: Actor = { id: 'a1', name: 'A', role: Role.AUDITOR, organisation: null };
      accounts.accounts.set(owner.id, { actor: owner, active: true, sessionsEndedAt: 0 });
      const { token, record } = await register.create({ name: 'Mine', account: owner });
      await expect(register.revoke(record.id, 'a2')).rejects.toMatchObject({
        code: ErrorCode.NOT_FOUND,
      });
      expect(await register.authenticate(token)).toEqual(owner);
      expect((await register.revoke(record.id, owner.id)).revokedAt).not.toBeNull();
      expect(await register.authenticate(token)).toBeNull();
    });

    it('gives a table made before tokens expired its new columns, its tokens working with no expiry', async () => {
      await register.close();
      const legacy = legacyToken();
      await store.makeLegacy(legacy.row);
      register = await store.open();
      await another(); // opening again finds the columns there
      const [record] = await register.list();
      expect(record).toMatchObject({ id: legacy.row[0], expiresAt: null, accountId: null });
      expect(await register.authenticate(legacy.token, Date.parse('2100-01-01'))).toMatchObject({
        id: legacy.row[0],
        role: Role.AUDITOR,
      });
    });
  });
}

describeTokenRegister('token register in SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-tokens-'));
  const file = join(dir, 'access.sqlite');
  return {
    open: () => new SqliteTokenRegister(file, accounts),
    dump: () => {
      const db = new Database(file, { readonly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM tokens').all());
      } finally {
        db.close();
      }
    },
    makeLegacy: (row) => {
      rmSync(file, { force: true });
      const db = new Database(file);
      try {
        db.exec(`CREATE TABLE tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
          area_code TEXT, secret_hash BLOB NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT)`);
        db.prepare('INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?)').run(...row);
      } finally {
        db.close();
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describeWithPostgres('token register in PostgreSQL', (url) => {
  describeTokenRegister('a fresh schema per test', () => {
    const schema = uniqueSchemaName('tokens');
    return {
      open: () => PostgresTokenRegister.open({ connectionString: url, schema }, accounts),
      dump: () =>
        withClient(url, async (client) =>
          JSON.stringify(
            (await client.query(`SELECT * FROM ${escapeIdentifier(schema)}.access_tokens`)).rows,
          ),
        ),
      makeLegacy: async (row) => {
        await dropSchema(url, schema);
        await withClient(url, async (client) => {
          const table = `${escapeIdentifier(schema)}.access_tokens`;
          await client.query(`CREATE SCHEMA ${escapeIdentifier(schema)}`);
          await client.query(`CREATE TABLE ${table} (id text PRIMARY KEY, name text NOT NULL,
            role text NOT NULL, area_code text, secret_hash bytea NOT NULL,
            created_at timestamptz NOT NULL, revoked_at timestamptz)`);
          await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5, $6, $7)`, row);
        });
      },
      remove: () => dropSchema(url, schema),
    };
  });

  it('creates its table once when several processes open it together', async () => {
    const schema = uniqueSchemaName('tokens');
    try {
      const registers = await Promise.all(
        Array.from({ length: 4 }, () =>
          PostgresTokenRegister.open({ connectionString: url, schema }, accounts),
        ),
      );
      const { token } = await registers[0].create({ name: 'A', role: Role.ADMIN, areaCode: null });
      expect((await registers[3].authenticate(token))?.role).toBe(Role.ADMIN);
      await Promise.all(registers.map((register) => register.close()));
    } finally {
      await dropSchema(url, schema);
    }
  });
});

describe('token scope', () => {
  const known = (code: string): boolean => code === 'E09000022';

  it('binds a local authority token to one known area, and no other role to any', () => {
    expect(() => assertTokenScope(Role.LOCAL_AUTHORITY, 'E09000022', known)).not.toThrow();
    expect(() => assertTokenScope(Role.LOCAL_AUTHORITY, null, known)).toThrow(
      expect.objectContaining({ details: { field: 'area', rule: 'requiredForLocalAuthority' } }),
    );
    expect(() => assertTokenScope(Role.BOARD_MEMBER, 'E09000022', known)).toThrow(
      expect.objectContaining({ details: { field: 'area', rule: 'onlyForLocalAuthority' } }),
    );
    expect(() => assertTokenScope(Role.LOCAL_AUTHORITY, 'E09999999', known)).toThrow(
      expect.objectContaining({ code: ErrorCode.UNKNOWN_AREA }),
    );
  });
});
