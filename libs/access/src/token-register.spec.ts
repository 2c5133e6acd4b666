import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { escapeIdentifier } from 'pg';
import { ErrorCode, Role } from '@app/kernel';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
  withClient,
} from '../../event-store/src/testing/postgres';
import { PostgresTokenRegister } from './postgres-token-register';
import { assertTokenScope } from './roles';
import { SqliteTokenRegister } from './sqlite-token-register';
import { TokenRegister } from './token-register';

/** One database of tokens, opened as many times as a test needs (as several processes would). */
interface TokenStore {
  open(): Promise<TokenRegister> | TokenRegister;
  /** Every stored row, as text: what someone reading the database would see. */
  dump(): Promise<string> | string;
  remove(): Promise<void> | void;
}

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
  });
}

describeTokenRegister('token register in SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-tokens-'));
  const file = join(dir, 'access.sqlite');
  return {
    open: () => new SqliteTokenRegister(file),
    dump: () => {
      const db = new Database(file, { readonly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM tokens').all());
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
      open: () => PostgresTokenRegister.open({ connectionString: url, schema }),
      dump: () =>
        withClient(url, async (client) =>
          JSON.stringify(
            (await client.query(`SELECT * FROM ${escapeIdentifier(schema)}.access_tokens`)).rows,
          ),
        ),
      remove: () => dropSchema(url, schema),
    };
  });

  it('creates its table once when several processes open it together', async () => {
    const schema = uniqueSchemaName('tokens');
    try {
      const registers = await Promise.all(
        Array.from({ length: 4 }, () =>
          PostgresTokenRegister.open({ connectionString: url, schema }),
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
