import { randomBytes } from 'crypto';
import { turnTaker } from '@app/kernel';
import { escapeIdentifier } from 'pg';
import { performance } from 'perf_hooks';
import { WrongExpectedVersionError } from '../errors';
import type { CommittedBatch, NewEvent, RecordedEvent } from '../event-store.port';
import {
  describeEventImportContract,
  describeEventStoreContract,
  describeMultiStreamAppendContract,
  describeSealRecordContract,
  type ContractSubject,
} from '../testing';
import { expectLargeUnitAllOrNothing, largeUnit, watchedWhile } from '../testing/large-unit';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
  withClient,
} from '../testing/postgres';
import { storeTables } from './migrations';
import { writeAppendBatch } from './postgres-append-batch';
import { PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store';

const one = (type = 'T'): NewEvent[] => [{ type, data: {}, metadata: {} }];
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads from a subscription until `count` events arrived (or fails after a timeout). */
async function take(
  iterator: AsyncIterator<RecordedEvent[]>,
  count: number,
  timeoutMs = 5000,
): Promise<RecordedEvent[]> {
  const received: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${received.length} of ${count} events arrived`)),
      timeoutMs,
    );
  });
  try {
    while (received.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done) break;
      received.push(...next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return received;
}

describeWithPostgres('postgres event store', (url) => {
  const schema = uniqueSchemaName('event_store');
  const tables = storeTables(schema);
  const open = (options: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> =>
    PostgresEventStore.open({ connectionString: url, schema, ...options });

  afterAll(() => dropSchema(url, schema));

  /** A fresh, empty store for each contract case. */
  const subject = async (): Promise<ContractSubject> => {
    let store = await open();
    await withClient(url, (client) => client.query(`TRUNCATE ${tables.events}`));
    return {
      store,
      reopen: async () => {
        await store.close();
        store = await open();
        return store;
      },
      cleanup: () => store.close(),
    };
  };
  describeEventStoreContract('postgres', subject);
  describeMultiStreamAppendContract('postgres', subject);
  describeSealRecordContract('postgres', subject);
  describeEventImportContract('postgres', subject);

  describe('specifics', () => {
    let stores: PostgresEventStore[];
    let n = 0;
    const stream = (): string => `pg-${++n}-${Date.now()}`;
    const tracked = async (
      options: Partial<PostgresEventStoreOptions> = {},
    ): Promise<PostgresEventStore> => {
      const store = await open(options);
      stores.push(store);
      return store;
    };
    beforeEach(() => {
      stores = [];
    });
    afterEach(async () => {
      await Promise.all(stores.map((store) => store.close()));
    });

    it('analyses a bulk-loaded table it opens, so catch-up reads keep the indexed plan', async () => {
      const fresh = uniqueSchemaName('analyse');
      const analysed = (): Promise<boolean> =>
        withClient(url, async (client) => {
          // Statistics reach pg_stat_user_tables on the next flush of this backend's counters.
          await client.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await client.query<{ analysed: boolean }>(
            `SELECT last_analyze IS NOT NULL AS analysed FROM pg_stat_user_tables
             WHERE schemaname = $1 AND relname = 'events'`,
            [fresh],
          );
          return rows[0]?.analysed ?? false;
        });
      try {
        const loaded = await PostgresEventStore.open({ connectionString: url, schema: fresh });
        await withClient(url, (client) =>
          client.query(
            `ALTER TABLE ${storeTables(fresh).events} SET (autovacuum_enabled = false);
             INSERT INTO ${storeTables(fresh).events} (position, stream_id, version, event_id, type, data, metadata, recorded_at)
             SELECT g, 'bulk-' || g, 1, 'e' || g, 'T', '{}', '{}', now() FROM generate_series(1, 20000) g`,
          ),
        );
        await loaded.close();
        expect(await analysed()).toBe(false);
        let reopened: PostgresEventStore | null = null;
        for (let attempt = 0; attempt < 50 && !(await analysed()); attempt++) {
          // The live-row count the check reads is published within a second or so.
          await reopened?.close();
          reopened = await PostgresEventStore.open({ connectionString: url, schema: fresh });
          await pause(100);
        }
        await reopened?.close();
        expect(await analysed()).toBe(true);
      } finally {
        await dropSchema(url, fresh);
      }
    });

    it('keeps a seal record that refuses every change but an insert', async () => {
      const store = await open();
      const sealed = { version: 1, hash: 'a'.repeat(64), position: 7 };
      try {
        await store.recordSeal(sealed);
        for (const change of [
          `DELETE FROM ${tables.sealRecord}`,
          `UPDATE ${tables.sealRecord} SET hash = 'b'`,
          `TRUNCATE ${tables.sealRecord}`,
        ]) {
          await expect(withClient(url, (client) => client.query(change))).rejects.toThrow(
            /The seal record is append-only/,
          );
        }
        expect(await store.readSealRecord()).toContainEqual(sealed);
      } finally {
        await store.close();
      }
    });

    describe('migrations', () => {
      it('applies each migration once when several processes open a new schema at once', async () => {
        const fresh = uniqueSchemaName('migrate');
        try {
          const opened = await Promise.all(
            Array.from({ length: 4 }, () =>
              PostgresEventStore.open({ connectionString: url, schema: fresh }),
            ),
          );
          await Promise.all(opened.map((store) => store.close()));
          const again = await PostgresEventStore.open({ connectionString: url, schema: fresh });
          await again.append('after-migrations', one(), 'no_stream');
          await again.close();
          const { rows } = await withClient(url, (client) =>
            client.query<{ version: number }>(
              `SELECT version FROM ${storeTables(fresh).migrations} ORDER BY version`,
            ),
          );
          expect(rows.map((row) => row.version)).toEqual([1, 2]);
        } finally {
          await dropSchema(url, fresh);
        }
      });

      it('refuses a schema migrated by a newer build', async () => {
        const fresh = uniqueSchemaName('newer');
        try {
          await (await PostgresEventStore.open({ connectionString: url, schema: fresh })).close();
          await withClient(url, (client) =>
            client.query(
              `INSERT INTO ${storeTables(fresh).migrations} (version, description) VALUES (99, 'x')`,
            ),
          );
          await expect(
            PostgresEventStore.open({ connectionString: url, schema: fresh }),
          ).rejects.toThrow('schema is version 99');
        } finally {
          await dropSchema(url, fresh);
        }
      });
    });

    describe('group commit', () => {
      it('writes concurrent appends in far fewer commits than appends', async () => {
        const store = await tracked();
        const results = await Promise.all(
          Array.from({ length: 100 }, () => store.append(stream(), one(), 'no_stream')),
        );
        expect(store.commitCount).toBeLessThanOrEqual(2);
        // One commit, one clock reading: the batch shares its recordedAt.
        expect(new Set(results.map((result) => result.recordedAt)).size).toBe(store.commitCount);
      });

      it('tells its observer what each commit stored: its appends and their events', async () => {
        const commits: CommittedBatch[] = [];
        const store = await tracked({ onCommit: (batch) => commits.push(batch) });
        const [x, y, z] = [stream(), stream(), stream()];
        await Promise.allSettled([
          store.append(x, one(), 'no_stream'),
          store.appendMany([
            { streamId: x, events: one(), expectedVersion: 1 },
            { streamId: y, events: [...one(), ...one()], expectedVersion: 'no_stream' },
          ]),
          // Refused (wrong version): not stored, so not counted.
          store.append(z, one(), 5),
        ]);
        expect(commits).toEqual([{ appends: 2, events: 4 }]);
        await store.append(z, one(), 'no_stream');
        expect(commits).toEqual([
          { appends: 2, events: 4 },
          { appends: 1, events: 1 },
        ]);
      });

      it('commits a multi-stream append as one unit of the batch, in queue order', async () => {
        const store = await tracked();
        const [x, y, z] = [stream(), stream(), stream()];
        const outcomes = await Promise.allSettled([
          store.append(x, one('Before'), 'no_stream'),
          store.appendMany([
            { streamId: x, events: one('Many'), expectedVersion: 1 },
            { streamId: y, events: [...one('Many'), ...one('Many')], expectedVersion: 'no_stream' },
          ]),
          store.appendMany([
            { streamId: z, events: one('Lost'), expectedVersion: 'no_stream' },
            { streamId: y, events: one('Lost'), expectedVersion: 0 },
          ]),
          store.append(x, one('After'), 2),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          'fulfilled',
          'fulfilled',
          'rejected',
          'fulfilled',
        ]);
        expect(store.commitCount).toBe(1);
        expect((await store.readStream(x)).map((e) => e.type)).toEqual(['Before', 'Many', 'After']);
        expect(await store.readStream(z)).toEqual([]);
      });

      it('fails every append of a batch whose transaction fails, and recovers', async () => {
        // The store gives up waiting for the append lock after 100 ms...
        const impatient = new URL(url);
        impatient.searchParams.set('options', '-c lock_timeout=100');
        const store = await tracked({ connectionString: impatient.toString() });
        const [a, b] = [stream(), stream()];
        await withClient(url, async (blocker) => {
          // ...while another connection holds it for longer.
          await blocker.query(`BEGIN; SELECT pg_advisory_xact_lock(${tables.appendLockKey})`);
          const outcomes = await Promise.allSettled([
            store.append(a, one(), 'any'),
            store.append(b, one(), 'any'),
          ]);
          expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
          await blocker.query('ROLLBACK');
        });
        expect(store.commitCount).toBe(0);
        await expect(store.append(a, one(), 'no_stream')).resolves.toMatchObject({ version: 1 });
      });

      it('refuses ids PostgreSQL cannot store without failing the rest of the batch', async () => {
        const store = await tracked();
        const outcomes = await Promise.allSettled([
          store.append(stream(), one(), 'any'),
          store.append(`${stream()}\u0000`, one(), 'any'),
          // Too long, even compressed, for an entry of the stream index.
          store.append(`${stream()}-${randomBytes(5000).toString('hex')}`, one(), 'any'),
          store.append(stream(), one(), 'any'),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          'fulfilled',
          'rejected',
          'rejected',
          'fulfilled',
        ]);
      });

      it('round-trips strings that jsonb would refuse', async () => {
        const store = await tracked();
        const id = stream();
        const data = { nul: 'a\u0000b', lone: 'x\ud800y', pair: '\ud83d\ude00' };
        await store.append(id, [{ type: 'T', data, metadata: { same: data } }], 'any');
        const [read] = await store.readStream(id);
        expect(read.data).toEqual(data);
        expect(read.metadata).toEqual({ same: data });
      });
    });

    describe('a large unit (an import)', () => {
      const fresh = uniqueSchemaName('large');
      const openFresh = () => tracked({ schema: fresh });
      afterAll(() => dropSchema(url, fresh));
      beforeEach(async () => {
        await (await openFresh()).close();
        await withClient(url, (client) => client.query(`TRUNCATE ${storeTables(fresh).events}`));
      });

      it('is written in one transaction that lets timers and readers in, and is seen whole', async () => {
        const store = await openFresh();
        const started = performance.now();
        const { outcome, heads, longestGap } = await watchedWhile(store, () =>
          store.appendMany(largeUnit('no_stream', 2000)),
        );
        const seconds = (performance.now() - started) / 1000;
        expect(outcome).toMatchObject({ value: expect.any(Array) });
        expect(await store.headPosition()).toBe(40_000);
        // Checked, encoded and sent in one go, these 40,000 events held the loop for 900 ms and
        // more here; now each step takes turns, and each INSERT's round trip lets others in.
        expect(longestGap).toBeLessThan(Math.min(250, (seconds * 1000) / 4));
        expect(heads.length).toBeGreaterThan(2);
        expect(heads.every((head) => head === 0 || head === 40_000)).toBe(true);
      });

      it('writes nothing when its last stream or event fails, and appends made meanwhile follow it', async () => {
        await expectLargeUnitAllOrNothing(await openFresh(), one()[0]);
      });
    });

    describe('two processes on one schema', () => {
      it('many connections racing for one version: one wins, the others learn the actual one', async () => {
        const writers = await Promise.all(Array.from({ length: 4 }, () => tracked()));
        const id = stream();
        await writers[0].append(id, one('Start'), 'no_stream');
        const outcomes = await Promise.allSettled(
          writers.flatMap((writer) =>
            Array.from({ length: 10 }, (_, i) => writer.append(id, one(`W${i}`), 1)),
          ),
        );
        const lost = outcomes.filter(
          (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
        );
        expect(outcomes.length - lost.length).toBe(1);
        for (const { reason } of lost) {
          expect(reason).toBeInstanceOf(WrongExpectedVersionError);
          expect(reason).toMatchObject({ actualVersion: 2 });
        }
      });

      it('two instances contending round after round: exactly one wins each version', async () => {
        const [a, b] = await Promise.all([tracked(), tracked()]);
        const id = stream();
        for (let version = 0; version < 20; version++) {
          const outcomes = await Promise.allSettled([
            a.append(id, one('A'), version),
            b.append(id, one('B'), version),
          ]);
          const lost = outcomes.filter(
            (outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected',
          );
          expect(lost).toHaveLength(1);
          expect(lost[0].reason).toMatchObject({ actualVersion: version + 1 });
        }
        expect((await a.readStream(id)).map((e) => e.version)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
      });

      it('appends with any from two instances all land with contiguous versions', async () => {
        const [a, b] = await Promise.all([tracked(), tracked()]);
        const id = stream();
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => [
            a.append(id, one(`A${i}`), 'any'),
            b.append(id, one(`B${i}`), 'any'),
          ]).flat(),
        );
        const read = await a.readStream(id);
        expect(read.map((e) => e.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      });
    });

    describe('global order', () => {
      it('an append held uncommitted keeps later ones back, and none is skipped', async () => {
        const [writer, reader] = await Promise.all([tracked(), tracked({ pollIntervalMs: 20 })]);
        const start = await reader.headPosition();
        const subscription = reader.subscribeAll({ after: start });
        const iterator = subscription[Symbol.asyncIterator]();
        await withClient(url, async (held) => {
          // An append that has its position but has not committed yet...
          await held.query(`BEGIN; SELECT pg_advisory_xact_lock(${tables.appendLockKey})`);
          const [outcome] = await writeAppendBatch(
            held,
            tables,
            [
              [
                {
                  streamId: stream(),
                  events: [
                    {
                      eventId: `held-${start}`,
                      generatedId: false,
                      type: 'Held',
                      data: '{}',
                      metadata: '{}',
                    },
                  ],
                  expectedVersion: 'any',
                },
              ],
            ],
            turnTaker(),
          );
          if (!outcome.ok) throw outcome.error;
          const [heldResult] = outcome.results;
          // ...then one from another process, and a reader at every poll.
          let laterDone = false;
          const later = writer.append(stream(), one('Later'), 'any');
          void later.then(() => (laterDone = true));
          let handedOver = false;
          const first = iterator.next();
          void first.then(() => (handedOver = true));
          await pause(300);
          expect(laterDone).toBe(false);
          expect(handedOver).toBe(false);
          expect(await reader.readAll({ after: start })).toEqual([]);
          expect(await reader.headPosition()).toBe(start);

          await held.query('COMMIT');
          expect((await later).position).toBeGreaterThan(heldResult.position);
          const firstBatch = await first;
          const received = firstBatch.done ? [] : firstBatch.value;
          if (received.length < 2) received.push(...(await take(iterator, 2 - received.length)));
          expect(received.map((e) => e.type)).toEqual(['Held', 'Later']);
        });
        await subscription.close();
      });

      it('a subscriber following two busy writers receives every event once, in order', async () => {
        const [a, b] = await Promise.all([tracked(), tracked()]);
        const reader = await tracked({ pollIntervalMs: 20 });
        const prefix = `busy-${stream()}-`;
        const subscription = reader.subscribeAll({ streamPrefix: prefix, batchSize: 7 });
        const iterator = subscription[Symbol.asyncIterator]();
        const writes = Promise.all(
          [a, b].map(async (writer, w) => {
            for (let round = 0; round < 10; round++) {
              await Promise.all(
                Array.from({ length: 20 }, (_, i) =>
                  writer.append(`${prefix}${(w * 7 + i) % 9}`, one(`W${w}`), 'any'),
                ),
              );
            }
          }),
        );
        const received = await take(iterator, 400, 20_000);
        await writes;
        const stored = await reader.readAll({ streamPrefix: prefix });
        expect(stored).toHaveLength(400);
        expect(received.map((e) => e.position)).toEqual(stored.map((e) => e.position));
        await subscription.close();
      });
    });

    describe('notifications', () => {
      it("wake a subscription on another instance's commit, long before its next poll", async () => {
        const writer = await tracked();
        const reader = await tracked({ pollIntervalMs: 60_000 });
        const id = stream();
        await writer.append(id, one('Before'), 'no_stream');
        const subscription = reader.subscribeAll({ streamPrefix: id });
        const iterator = subscription[Symbol.asyncIterator]();
        expect((await take(iterator, 1)).map((e) => e.type)).toEqual(['Before']);
        const next = take(iterator, 1);
        await pause(200); // the subscription is asleep, for a minute unless notified
        await writer.append(id, one('Notified'), 1);
        expect((await next).map((e) => e.type)).toEqual(['Notified']);
        await subscription.close();
      });

      it('keep a subscription going when its listening connection is lost', async () => {
        const writer = await tracked();
        const reader = await tracked({ pollIntervalMs: 50 });
        const id = stream();
        const subscription = reader.subscribeAll({ streamPrefix: id });
        const iterator = subscription[Symbol.asyncIterator]();
        await writer.append(id, one('First'), 'no_stream');
        expect(await take(iterator, 1)).toHaveLength(1);
        const terminated = await withClient(url, (client) =>
          client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1', [
            `LISTEN ${escapeIdentifier(tables.channel)}`,
          ]),
        );
        expect(terminated.rowCount).toBe(1);
        await writer.append(id, one('Second'), 1);
        expect((await take(iterator, 1)).map((e) => e.type)).toEqual(['Second']);
        await subscription.close();
      });
    });
  });
});
