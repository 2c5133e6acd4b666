import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client } from 'pg';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
} from '../../../event-store/src/testing/postgres';
import type { SecurityEvent, SecurityLog } from '../security-log';
import { PostgresSecurityLog } from './postgres-security-log';
import { PostgresSignInLinks } from './postgres-sign-in-links';
import { linkKey, refusalOf, type SignInLinks } from './sign-in-links';
import { type SignInLimitSettings, SignInLimits } from './sign-in-limits';
import { SqliteSecurityLog } from './sqlite-security-log';
import { SqliteSignInLinks } from './sqlite-sign-in-links';

const LIFETIME_MS = 15 * 60_000;

describe('why a link signs no one in', () => {
  it('says used before expired, and unknown for a link never issued', () => {
    const now = 1_000_000;
    expect(refusalOf(undefined, now)).toBe('unknown');
    expect(refusalOf({ accountId: 'a', expiresAt: now - 1, usedAt: now - 5 }, now)).toBe('used');
    expect(refusalOf({ accountId: 'a', expiresAt: now, usedAt: null }, now)).toBe('expired');
  });
});

/** What one API process opens; `open` again is another process on the same database. */
interface Stores {
  links: SignInLinks;
  log: SecurityLog;
  limits: SignInLimits;
}

const LIMITS: SignInLimitSettings = { perEmail: 2, perAddress: 3, windowSeconds: 60 };

const event = (overrides: Partial<SecurityEvent>): SecurityEvent => ({
  kind: 'SIGN_IN_LINK_SENT',
  method: 'email',
  accountId: null,
  email: null,
  clientAddress: '127.0.0.1',
  detail: null,
  ...overrides,
});

function describeSignInStores(
  name: string,
  setUp: () => {
    open(): Promise<Stores>;
    /** Every row of a table, as JSON. */
    dump(table: string): Promise<string>;
    remove(): Promise<void> | void;
  },
): void {
  describe(name, () => {
    let database: ReturnType<typeof setUp>;
    let one: Stores;
    let other: Stores;
    beforeEach(async () => {
      database = setUp();
      one = await database.open();
      other = await database.open();
    });
    afterEach(async () => {
      for (const stores of [one, other]) {
        await stores.links.close();
        await stores.log.close();
        await stores.limits.close();
      }
      await database.remove();
    });

    it('issues a link of 256 random bits, keeps only its hash, and signs in with it once', async () => {
      const token = await one.links.issue('account-1');
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await database.dump('sign_in_links');
      expect(stored).not.toContain(token);
      expect(stored).toContain(linkKey(token));
      expect(await other.links.consume(token)).toEqual({ accountId: 'account-1' });
      expect(await one.links.consume(token)).toEqual({ refused: 'used' });
      expect(await one.links.consume('made-up')).toEqual({ refused: 'unknown' });
    });

    it('refuses a link once its time is up', async () => {
      const issuedAt = Date.now() - LIFETIME_MS - 1;
      const token = await one.links.issue('account-2', issuedAt);
      expect(await one.links.consume(token)).toEqual({ refused: 'expired' });
      const now = Date.now();
      const fresh = await one.links.issue('account-2', now);
      expect(await one.links.consume(fresh, now + LIFETIME_MS)).toEqual({ refused: 'expired' });
      expect(await one.links.consume(fresh, now + LIFETIME_MS - 1)).toEqual({
        accountId: 'account-2',
      });
    });

    it('starts one sign-in between two processes following the same link at once', async () => {
      const tokens = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((account) => one.links.issue(account)),
      );
      for (const token of tokens) {
        const outcomes = await Promise.all([one.links.consume(token), other.links.consume(token)]);
        expect(outcomes.filter((outcome) => 'accountId' in outcome)).toHaveLength(1);
        expect(outcomes).toContainEqual({ refused: 'used' });
      }
    });

    it('keeps the security log with times, newest first, by page, email and account', async () => {
      const before = Date.now();
      await one.log.record(event({ email: 'Ada@Example.org', accountId: 'ada' }));
      await other.log.record(
        event({ kind: 'SIGN_IN_REFUSED', email: 'eve@example.org', detail: 'unknown email' }),
      );
      await one.log.record(
        event({ kind: 'SIGNED_IN', email: 'ada@example.org', accountId: 'ada' }),
      );
      const all = await other.log.list({ limit: 10 });
      expect(all.map((entry) => entry.kind)).toEqual([
        'SIGNED_IN',
        'SIGN_IN_REFUSED',
        'SIGN_IN_LINK_SENT',
      ]);
      expect(all[1]).toMatchObject({ email: 'eve@example.org', detail: 'unknown email' });
      for (const entry of all) {
        expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(before - 1000);
        expect(Date.parse(entry.at)).toBeLessThanOrEqual(Date.now() + 1000);
      }
      const page = await one.log.list({ limit: 1, before: all[0].id });
      expect(page.map((entry) => entry.kind)).toEqual(['SIGN_IN_REFUSED']);
      const ada = await one.log.list({ limit: 10, email: 'ADA@example.org' });
      expect(ada.map((entry) => entry.kind)).toEqual(['SIGNED_IN', 'SIGN_IN_LINK_SENT']);
      expect(await one.log.list({ limit: 10, accountId: 'ada' })).toHaveLength(2);
    });

    it('limits attempts per email and per address, counted by every process', async () => {
      const address = '192.0.2.1';
      expect(await one.limits.attempt({ email: 'ada@example.org', clientAddress: address })).toBe(
        null,
      );
      expect(
        await other.limits.attempt({ email: 'ADA@example.org ', clientAddress: '192.0.2.2' }),
      ).toBe(null);
      const refused = await one.limits.attempt({
        email: 'ada@example.org',
        clientAddress: address,
      });
      expect(refused).toBeInstanceOf(Date);
      expect(refused!.getTime()).toBeGreaterThan(Date.now());
      expect(refused!.getTime()).toBeLessThanOrEqual(Date.now() + LIMITS.windowSeconds * 1000);
      // The address has made 2 attempts of its 3: one more, then none, whatever the email.
      expect(await other.limits.attempt({ email: 'bo@example.org', clientAddress: address })).toBe(
        null,
      );
      expect(await other.limits.attempt({ clientAddress: address })).toBeInstanceOf(Date);
      expect(
        await one.limits.attempt({ email: 'cy@example.org', clientAddress: '192.0.2.3' }),
      ).toBe(null);
      expect(await database.dump('sign_in_limits')).not.toContain('ada@example.org');
    });
  });
}

describeSignInStores('sign-in links, security log and limits in SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'sign-in-stores-'));
  const file = join(directory, 'access.sqlite');
  return {
    open: () =>
      Promise.resolve({
        links: new SqliteSignInLinks(file, LIFETIME_MS),
        log: new SqliteSecurityLog(file),
        limits: SignInLimits.sqlite(file, LIMITS),
      }),
    dump: (table) => {
      const db = new Database(file, { readonly: true });
      try {
        return Promise.resolve(JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all()));
      } finally {
        db.close();
      }
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
});

describeWithPostgres('sign-in links, security log and limits in PostgreSQL', (connectionString) => {
  describeSignInStores('shared by API processes', () => {
    const schema = uniqueSchemaName('sign_in');
    const options = { connectionString, schema };
    return {
      open: async () => ({
        links: await PostgresSignInLinks.open(options, LIFETIME_MS),
        log: await PostgresSecurityLog.open(options),
        limits: await SignInLimits.postgres(options, LIMITS),
      }),
      dump: async (table) => {
        const client = new Client({ connectionString });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT * FROM "${schema}".${table}`);
          return JSON.stringify(rows);
        } finally {
          await client.end();
        }
      },
      remove: () => dropSchema(connectionString, schema),
    };
  });
});
