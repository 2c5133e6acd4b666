import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ErrorCode, Role } from '@app/kernel';
import { assertTokenScope } from './roles';
import { TokenRegister } from './token-register';

describe('token register', () => {
  let dir: string;
  let register: TokenRegister;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-tokens-'));
    register = new TokenRegister(join(dir, 'access.sqlite'));
  });
  afterEach(() => {
    register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('authenticates a token it issued as the actor it names', () => {
    const { token, record } = register.create({
      name: 'Officer',
      role: Role.LOCAL_AUTHORITY,
      areaCode: 'E09000022',
    });
    expect(register.authenticate(token)).toEqual({
      id: record.id,
      name: 'Officer',
      role: Role.LOCAL_AUTHORITY,
      organisation: 'E09000022',
    });
  });

  it('stores only a hash of the secret', () => {
    const { token } = register.create({ name: 'Board', role: Role.BOARD_MEMBER, areaCode: null });
    const secret = token.split('.')[1];
    const db = new Database(join(dir, 'access.sqlite'), { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM tokens').all());
    db.close();
    expect(dump).not.toContain(secret);
  });

  it('refuses a wrong secret, a malformed token and a revoked token', () => {
    const { token, record } = register.create({
      name: 'Board',
      role: Role.BOARD_MEMBER,
      areaCode: null,
    });
    const [id] = token.split('.');
    expect(register.authenticate(`${id}.${'A'.repeat(43)}`)).toBeNull();
    expect(register.authenticate('not-a-token')).toBeNull();
    register.revoke(record.id);
    expect(register.authenticate(token)).toBeNull();
    expect(register.list()[0].revokedAt).not.toBeNull();
  });

  it('sees tokens created by another process at once', () => {
    const other = new TokenRegister(join(dir, 'access.sqlite'));
    const { token } = other.create({ name: 'Auditor', role: Role.AUDITOR, areaCode: null });
    other.close();
    expect(register.authenticate(token)?.role).toBe(Role.AUDITOR);
  });

  it('forgets a token revoked by another process, or by itself, at once though it was just used', () => {
    const { token, record } = register.create({
      name: 'B',
      role: Role.BOARD_MEMBER,
      areaCode: null,
    });
    expect(register.authenticate(token)?.id).toBe(record.id);
    const other = new TokenRegister(join(dir, 'access.sqlite'));
    other.revoke(record.id);
    other.close();
    expect(register.authenticate(token)).toBeNull();

    const second = register.create({ name: 'C', role: Role.AUDITOR, areaCode: null });
    expect(register.authenticate(second.token)?.role).toBe(Role.AUDITOR);
    register.revoke(second.record.id);
    expect(register.authenticate(second.token)).toBeNull();
  });

  it('reports an unknown token id on revoke', () => {
    expect(() => register.revoke('nope')).toThrow(
      expect.objectContaining({ code: ErrorCode.NOT_FOUND }),
    );
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
