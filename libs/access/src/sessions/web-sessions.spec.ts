import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import type { Session } from 'fastify';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
} from '../../../event-store/src/testing/postgres';
import { PostgresWebSessions } from './postgres-web-sessions';
import { SqliteWebSessions } from './sqlite-web-sessions';
import {
  DEFAULT_SESSION_LIFETIMES,
  lastSeenGranularityMs,
  sessionExpiry,
  WebSessions,
} from './web-sessions';

const { idleMs: SESSION_IDLE_MS, maxMs: SESSION_MAX_MS } = DEFAULT_SESSION_LIFETIMES;

/** The store's callback methods as promises, as @fastify/session calls them. */
const asPromise = {
  get: (sessions: WebSessions, id: string) =>
    promisify(sessions.get.bind(sessions))(id) as Promise<Session | null>,
  set: (sessions: WebSessions, id: string, session: Partial<Session>) =>
    promisify(sessions.set.bind(sessions))(id, session as Session),
  destroy: (sessions: WebSessions, id: string) => promisify(sessions.destroy.bind(sessions))(id),
};

describe('when a session ends', () => {
  it('ends 30 minutes after it was last seen, and 12 hours after sign-in at the latest', () => {
    const lifetimes = DEFAULT_SESSION_LIFETIMES;
    expect(sessionExpiry({ lastSeenAt: 1000 }, lifetimes)).toBe(1000 + SESSION_IDLE_MS);
    expect(sessionExpiry({ signedInAt: 0, lastSeenAt: SESSION_MAX_MS - 60_000 }, lifetimes)).toBe(
      SESSION_MAX_MS,
    );
  });

  it('notes a session in use often enough that it never goes idle', () => {
    expect(lastSeenGranularityMs(DEFAULT_SESSION_LIFETIMES)).toBe(60_000);
    expect(lastSeenGranularityMs({ idleMs: 10_000, maxMs: 3_600_000 })).toBe(1000);
  });
});

/** The same cases for each database; `open` again is another API process on the same one. */
function describeWebSessions(
  name: string,
  setUp: () => {
    open(): Promise<WebSessions> | WebSessions;
    dump(): Promise<string> | string;
    remove(): Promise<void> | void;
  },
): void {
  describe(name, () => {
    let store: ReturnType<typeof setUp>;
    let sessions: WebSessions;
    let other: WebSessions;
    beforeEach(async () => {
      store = setUp();
      sessions = await store.open();
      other = await store.open();
    });
    afterEach(async () => {
      await sessions.close();
      await other.close();
      await store.remove();
    });

    it('shares a session, its end and its signing key with every process on the database', async () => {
      const now = Date.now();
      await asPromise.set(sessions, 'session-id-1', {
        accountId: 'a1',
        signedInAt: now,
        lastSeenAt: now,
      });
      expect(await asPromise.get(other, 'session-id-1')).toMatchObject({ accountId: 'a1' });
      expect(await other.signingSecret()).toBe(await sessions.signingSecret());
      await asPromise.destroy(other, 'session-id-1');
      expect(await asPromise.get(sessions, 'session-id-1')).toBeNull();
    });

    it('answers no session once it has expired, and keeps only the hash of its id', async () => {
      const longAgo = Date.now() - SESSION_IDLE_MS - 1;
      await asPromise.set(sessions, 'idle-session', { accountId: 'a2', lastSeenAt: longAgo });
      expect(await asPromise.get(sessions, 'idle-session')).toBeNull();
      await asPromise.set(sessions, 'live-session', { accountId: 'a3', lastSeenAt: Date.now() });
      const stored = await store.dump();
      expect(stored).not.toContain('live-session');
      expect(stored).toContain('a3');
      // Writing forgets the sessions already expired.
      expect(stored).not.toContain('a2');
    });
  });
}

describeWebSessions('web sessions in SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'web-sessions-'));
  const file = join(directory, 'access.sqlite');
  return {
    open: () => new SqliteWebSessions(file, DEFAULT_SESSION_LIFETIMES),
    dump: () => {
      const db = new Database(file, { readonly: true });
      try {
        return JSON.stringify(db.prepare('SELECT * FROM web_sessions').all());
      } finally {
        db.close();
      }
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
});

describeWithPostgres('web sessions in PostgreSQL', (connectionString) => {
  describeWebSessions('shared by API processes', () => {
    const schema = uniqueSchemaName('web_sessions');
    return {
      open: () => PostgresWebSessions.open({ connectionString, schema }, DEFAULT_SESSION_LIFETIMES),
      dump: async () => {
        const { Client } = await import('pg');
        const client = new Client({ connectionString });
        await client.connect();
        try {
          const { rows } = await client.query(`SELECT * FROM "${schema}".web_sessions`);
          return JSON.stringify(rows);
        } finally {
          await client.end();
        }
      },
      remove: () => dropSchema(connectionString, schema),
    };
  });
});
