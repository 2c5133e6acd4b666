import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import {
  describeWithPostgres,
  dropSchema,
  uniqueSchemaName,
  withClient,
} from '../testing/postgres';
import { PostgresReadModelDatabase } from './postgres-read-models';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Counts events per stream: an event applied twice would show as one too many. */
const counting: Projection = {
  name: 'counts',
  tables: ['counts'],
  streamPrefix: '',
  setup: (db) =>
    db.exec(
      'CREATE TABLE IF NOT EXISTS counts (stream_id TEXT PRIMARY KEY, events INTEGER NOT NULL)',
    ),
  apply: async (db, event) => {
    await db.run(
      'INSERT INTO counts VALUES (?, 1) ON CONFLICT (stream_id) DO UPDATE SET events = counts.events + 1',
      [event.streamId],
    );
  },
};

/** Two "processes" (read-model connections and runners of their own) on one schema. */
describeWithPostgres('projection leases on PostgreSQL', (url) => {
  const schema = uniqueSchemaName('leases');
  let dir: string;
  let store: SqliteEventStore;
  let databases: PostgresReadModelDatabase[];
  let runners: ProjectionRunner[];

  const write = async (count: number): Promise<number> => {
    let last = 0;
    for (let i = 0; i < count; i++) {
      last = (await store.append(`s-${i % 5}`, [{ type: 'T', data: { i }, metadata: {} }], 'any'))
        .position;
    }
    return last;
  };
  const total = async (database: PostgresReadModelDatabase): Promise<number> =>
    (await database.sql.get<{ total: number }>('SELECT sum(events) AS total FROM counts'))!.total;
  const leaders = async (): Promise<boolean[]> =>
    Promise.all(runners.map(async (runner) => (await runner.status()).leader));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-leases-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    databases = await Promise.all(
      [0, 1].map(() => PostgresReadModelDatabase.open({ connectionString: url, schema })),
    );
    runners = databases.map(
      (database) => new ProjectionRunner(store, database, counting, { leaseRetryMs: 100 }),
    );
    await Promise.all(runners.map((runner) => runner.setup()));
    for (const runner of runners) runner.start();
  });

  afterEach(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await Promise.all(databases.map((database) => database.close()));
    await store.close();
    await dropSchema(url, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs each projection in one process; the other reads its writes and takes over when it stops', async () => {
    const first = await write(120);
    // The process that does not run the projection still learns when a write is readable.
    expect(await Promise.all(runners.map((runner) => runner.waitFor(first)))).toEqual([true, true]);
    expect((await leaders()).sort()).toEqual([false, true]);

    const leader = (await leaders()).indexOf(true);
    await runners[leader].stop();
    const second = await write(80);
    const other = runners[1 - leader];
    expect(await other.waitFor(second, 10_000)).toBe(true);
    expect((await other.status()).leader).toBe(true);
    expect(await total(databases[1 - leader])).toBe(200);
  });

  it('never applies a batch twice when a leader loses its lease mid-stream', async () => {
    const writing = write(300);
    // Cut every lease session: both processes contend again while events keep coming.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await withClient(url, (client) =>
      client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_try_advisory_lock%' AND pid <> pg_backend_pid()",
      ),
    );
    const last = await writing;
    expect(await runners[0].waitFor(last, 10_000)).toBe(true);
    expect(await total(databases[0])).toBe(300);
    expect((await leaders()).filter(Boolean)).toHaveLength(1);
  });
});
