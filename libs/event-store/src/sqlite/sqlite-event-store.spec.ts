import Database from 'better-sqlite3';
import { spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { WrongExpectedVersionError } from '../errors';
import type { CommittedBatch, NewEvent } from '../event-store.port';
import {
  describeEventImportContract,
  describeEventStoreContract,
  describeMultiStreamAppendContract,
  describeSealRecordContract,
} from '../testing';
import { expectLargeUnitAllOrNothing, largeUnit, watchedWhile } from '../testing/large-unit';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite-event-store';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'rt-store-'));
const one = (type = 'T'): NewEvent[] => [{ type, data: {}, metadata: {} }];

const sqliteSubject = async () => {
  const dir = tempDir();
  const filename = join(dir, 'events.sqlite');
  let store = new SqliteEventStore({ filename });
  return Promise.resolve({
    store,
    reopen: async () => {
      await store.close();
      store = new SqliteEventStore({ filename });
      return store;
    },
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
};
describeEventStoreContract('sqlite', sqliteSubject);
describeMultiStreamAppendContract('sqlite', sqliteSubject);
describeEventImportContract('sqlite', sqliteSubject);
describeSealRecordContract('sqlite', sqliteSubject);

/**
 * Another process writing to the same file the way the CLI does: `count` single-event commits
 * to stream "cli", each in its own BEGIN IMMEDIATE transaction.
 */
function writeFromAnotherProcess(filename: string, count: number): Promise<number | null> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(filename)});
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const version = db.prepare("SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = 'cli'");
    const insert = db.prepare("INSERT INTO events (stream_id, version, event_id, type, data, metadata, recorded_at) VALUES ('cli', ?, ?, 'FromCli', '{}', '{}', ?)");
    const write = db.transaction((i) => insert.run(version.get().v + 1, 'cli-' + i, new Date().toISOString()));
    for (let i = 0; i < ${count}; i++) write.immediate(i);
    db.close();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

/** Another process holding the file's write lock for `ms`: `locked` once it has it. */
function holdWriteLockFromAnotherProcess(
  filename: string,
  ms: number,
): { locked: Promise<void>; exited: Promise<number | null> } {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(filename)});
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${ms});
    db.exec('ROLLBACK');
    db.close();
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return {
    locked: new Promise((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.on('error', reject);
    }),
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
}

describe('sqlite event store', () => {
  let dir: string;
  let stores: SqliteEventStore[];
  const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), ...options });
    stores.push(store);
    return store;
  };
  beforeEach(() => {
    dir = tempDir();
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('group commit', () => {
    it('writes concurrent appends in far fewer commits than appends', async () => {
      const store = open();
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => store.append(`group-${i}`, one(), 'no_stream')),
      );
      expect(store.commitCount).toBeLessThanOrEqual(2);
      expect(await store.headPosition()).toBe(100);
      // One commit, one clock reading: the batch shares its recordedAt.
      expect(new Set(results.map((result) => result.recordedAt)).size).toBe(store.commitCount);
    });

    it('commits a multi-stream append as one unit of the batch, in queue order', async () => {
      const store = open();
      const outcomes = await Promise.allSettled([
        store.append('x', one('Before'), 'no_stream'),
        store.appendMany([
          { streamId: 'x', events: one('Many'), expectedVersion: 1 },
          { streamId: 'y', events: [...one('Many'), ...one('Many')], expectedVersion: 'no_stream' },
        ]),
        store.appendMany([
          { streamId: 'z', events: one('Lost'), expectedVersion: 'no_stream' },
          { streamId: 'y', events: one('Lost'), expectedVersion: 0 },
        ]),
        store.append('x', one('After'), 2),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(store.commitCount).toBe(1);
      expect((await store.readStream('x')).map((e) => e.type)).toEqual(['Before', 'Many', 'After']);
      expect(await store.readStream('z')).toEqual([]);
    });

    it('tells its observer what each commit stored: its appends and their events', async () => {
      const commits: CommittedBatch[] = [];
      const store = open({ onCommit: (batch) => commits.push(batch) });
      await Promise.allSettled([
        store.append('x', one(), 'no_stream'),
        store.appendMany([
          { streamId: 'x', events: one(), expectedVersion: 1 },
          { streamId: 'y', events: [...one(), ...one()], expectedVersion: 'no_stream' },
        ]),
        // Refused (wrong version): not stored, so not counted.
        store.append('z', one(), 5),
      ]);
      expect(commits).toEqual([{ appends: 2, events: 4 }]);
      await store.append('z', one(), 'no_stream');
      expect(commits).toEqual([
        { appends: 2, events: 4 },
        { appends: 1, events: 1 },
      ]);
    });

    it('caps a commit at 1000 appends', async () => {
      const store = open();
      await Promise.all(
        Array.from({ length: 2500 }, (_, i) => store.append(`cap-${i % 7}`, one(), 'any')),
      );
      expect(store.commitCount).toBe(3);
      expect(await store.headPosition()).toBe(2500);
    });

    it('a reused event id fails only its own append in a shared commit', async () => {
      const store = open();
      const eventId = '0b0f3a1e-8d44-4d8c-9d8e-8f1f3c9a0001';
      const outcomes = await Promise.allSettled([
        store.append('first', [{ eventId, type: 'T', data: {}, metadata: {} }], 'no_stream'),
        store.append('second', [...one(), { eventId, type: 'T', data: {}, metadata: {} }], 'any'),
        store.append('third', one(), 'no_stream'),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(await store.readStream('second')).toEqual([]);
      expect(store.commitCount).toBe(1);
    });

    it('fails every append of a batch whose transaction fails, and recovers', async () => {
      const store = open({ busyTimeoutMs: 20 });
      // Another connection holds the write lock for longer than the store will wait.
      const blocker = new Database(join(dir, 'events.sqlite'));
      blocker.exec('BEGIN IMMEDIATE');
      const outcomes = await Promise.allSettled([
        store.append('a', one(), 'any'),
        store.append('b', one(), 'any'),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect(store.commitCount).toBe(0);
      blocker.exec('ROLLBACK');
      blocker.close();
      await expect(store.append('a', one(), 'no_stream')).resolves.toMatchObject({ version: 1 });
    });
  });

  describe('a large unit (an import)', () => {
    it('is written in one transaction that lets timers and readers in, and is seen whole', async () => {
      const store = open();
      const unit = largeUnit();
      const started = performance.now();
      const { outcome, heads, longestGap } = await watchedWhile(store, () =>
        store.appendMany(unit),
      );
      const seconds = (performance.now() - started) / 1000;
      expect(outcome).toMatchObject({ value: expect.any(Array) });
      expect(await store.headPosition()).toBe(20_000);
      // Written in one go it held the loop for the whole write (400 ms and more here); now the
      // thread writes while the loop encodes the next step, taking turns. Bound by the write's
      // own time, not a fixed figure: a loaded machine stretches both alike.
      expect(longestGap).toBeLessThan((seconds * 1000) / 2);
      expect(heads.length).toBeGreaterThan(2);
      expect(heads.every((head) => head === 0 || head === 20_000)).toBe(true);
    });

    it("waits for another process's write lock without holding the loop", async () => {
      const store = open();
      const holding = holdWriteLockFromAnotherProcess(join(dir, 'events.sqlite'), 1000);
      await holding.locked;
      const { outcome, longestGap } = await watchedWhile(store, () =>
        store.appendMany(largeUnit()),
      );
      expect(outcome).toMatchObject({ value: expect.any(Array) });
      expect(await holding.exited).toBe(0);
      // On the main thread, BEGIN IMMEDIATE waited out the lock there, holding the loop.
      expect(longestGap).toBeLessThan(300);
    });

    it('writes nothing when its last stream fails, and appends made meanwhile follow it', async () => {
      const store = open();
      await expectLargeUnitAllOrNothing(store, one()[0]);
      // So does an event id already stored, refused by the writer thread's unique index.
      const reused = largeUnit();
      reused[999].events[19].eventId = (await store.readAll())[0].eventId;
      await expect(store.appendMany(reused)).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      expect(await store.headPosition()).toBe(1);
    });
  });

  describe('lifecycle', () => {
    it('close commits appends still queued, then refuses new ones', async () => {
      const store = open();
      const queued = store.append('queued', one(), 'no_stream');
      await store.close();
      await expect(queued).resolves.toMatchObject({ version: 1 });
      await expect(store.append('late', one(), 'any')).rejects.toThrow('closed');
      await expect(store.close()).resolves.toBeUndefined();
      expect(await open().readStream('queued')).toHaveLength(1);
    });

    it('refuses a file written by a newer schema', () => {
      const db = new Database(join(dir, 'events.sqlite'));
      db.pragma('user_version = 99');
      db.close();
      expect(() => open()).toThrow('schema is version 99');
    });
  });

  describe('two processes on one file', () => {
    it('a second instance sees new events through its subscription poll', async () => {
      const writer = open();
      const reader = open({ pollIntervalMs: 20 });
      const subscription = reader.subscribeAll();
      const iterator = subscription[Symbol.asyncIterator]();
      await writer.append('shared', one('FromWriter'), 'no_stream');
      const next = await iterator.next();
      expect(next.value?.[0]).toMatchObject({ type: 'FromWriter' });
      await subscription.close();
    });

    it('two instances honour expected versions between them', async () => {
      const a = open();
      const b = open();
      await a.append('contested', one('Start'), 'no_stream');
      const outcomes = await Promise.allSettled([
        a.append('contested', one('A'), 1),
        b.append('contested', one('B'), 1),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find(
        (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
      );
      expect(lost?.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(lost?.reason).toMatchObject({ actualVersion: 2 });
    });

    it('commits alongside another OS process writing the same file', async () => {
      const store = open({ pollIntervalMs: 20 });
      await store.headPosition(); // the schema exists before the other process starts
      const subscription = store.subscribeAll({ streamPrefix: 'cli' });
      const other = writeFromAnotherProcess(join(dir, 'events.sqlite'), 150);
      let otherDone = false;
      void other.finally(() => (otherDone = true));
      const failures: unknown[] = [];
      let appended = 0;
      while (!otherDone || appended < 100) {
        const round = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.append(`server-${i}`, one(), 'any')),
        );
        for (const outcome of round) {
          if (outcome.status === 'rejected') failures.push(outcome.reason);
          else appended++;
        }
      }
      expect(await other).toBe(0);
      expect(failures).toEqual([]);
      const cli = await store.readStream('cli');
      expect(cli.map((event) => event.version)).toEqual(
        Array.from({ length: 150 }, (_, i) => i + 1),
      );
      // The poll finds the other process's events; the subscription delivers each once.
      const seen: number[] = [];
      for await (const batch of subscription) {
        seen.push(...batch.map((event) => event.version));
        if (seen.length >= 150) break;
      }
      expect(seen).toEqual(cli.map((event) => event.version));
    });
  });
});
