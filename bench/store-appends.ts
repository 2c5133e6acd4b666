import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client, Pool, escapeIdentifier } from 'pg';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { percentile, printTable, rate } from './report';

const EVENT = {
  type: 'MilestoneAchieved',
  data: { areaCode: 'E09000022', milestone: 'hub-open', achievedOn: '2024-05-01' },
};
const METADATA = {
  actor: { id: 'bench', role: 'LOCAL_AUTHORITY' },
  commandId: 'bench',
  reason: null,
  evidence: [],
};
/** Concurrent callers, appending and then reading. */
const CALLERS = 64;
/** Streams each caller spreads its appends over. */
const STREAMS_PER_CALLER = 50;
const streamOf = (caller: number, i: number): string =>
  `rollout-${caller}-${i % STREAMS_PER_CALLER}`;
/** Events per page of a catch-up read of the global order. */
const READ_PAGE = 1000;
/** How long the concurrent stream reads last (ms). */
const STREAM_READ_MS = 3000;

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

interface Measure {
  eventsPerSecond: number;
  eventsPerCommit: number;
}

interface ReadMeasure {
  eventsPerSecond: number;
  /** Reads of whole streams: their rate and the latency of each. */
  reads?: { perSecond: number; p50Ms: number; p99Ms: number };
}

const secondsSince = (started: bigint): number => Number(process.hrtime.bigint() - started) / 1e9;

type GroupCommitStore = EventStore & { readonly commitCount: number };

/** Appends through a store: `callers` concurrent loops, each appending `batch` events at a time. */
async function throughStore(
  store: GroupCommitStore,
  total: number,
  callers: number,
  batch: number,
): Promise<Measure> {
  const appendsPerCaller = Math.ceil(total / callers / batch);
  const events = appendsPerCaller * callers * batch;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; i < appendsPerCaller; i++) {
        const batchOfEvents = Array.from({ length: batch }, () => ({
          ...EVENT,
          metadata: METADATA,
        }));
        await store.append(streamOf(caller, i), batchOfEvents, 'any');
      }
    }),
  );
  const seconds = secondsSince(started);
  const commits = store.commitCount;
  await store.close();
  return { eventsPerSecond: rate(events, seconds), eventsPerCommit: events / commits };
}

/**
 * The physical limit: plain inserts of the same rows (random UUID event ids, as the store
 * gives by default) into the same table with the same durability (WAL, synchronous=FULL).
 */
function rawInserts(dir: string, total: number, perTransaction: number): Measure {
  const db = new Database(join(dir, `raw-${perTransaction}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL,
    version INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL,
    metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, version))`);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, version, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const commit = db.transaction((from: number) => {
    for (let i = from; i < from + perTransaction; i++) {
      insert.run(
        `raw-${i % (CALLERS * STREAMS_PER_CALLER)}`,
        i,
        randomUUID(),
        EVENT.type,
        JSON.stringify(EVENT.data),
        JSON.stringify(METADATA),
        new Date().toISOString(),
      );
    }
  });
  const started = process.hrtime.bigint();
  for (let from = 0; from < total; from += perTransaction) commit(from);
  const seconds = secondsSince(started);
  db.close();
  return { eventsPerSecond: rate(total, seconds), eventsPerCommit: perTransaction };
}

/**
 * `count` rows like the store's (random UUID event ids) as one array per column, for an
 * INSERT ... SELECT FROM unnest(); the raw table takes its positions from a sequence.
 */
function rawColumns(from: number, count: number): unknown[][] {
  const rows = Array.from({ length: count }, (_, k) => [
    `raw-${(from + k) % (CALLERS * STREAMS_PER_CALLER)}`,
    from + k,
    randomUUID(),
    EVENT.type,
    JSON.stringify(EVENT.data),
    JSON.stringify(METADATA),
  ]);
  return rows[0].map((_, column) => rows.map((row) => row[column]));
}

const RAW_INSERT = (events: string): string =>
  `INSERT INTO ${events} (stream_id, version, event_id, type, data, metadata, recorded_at)
   SELECT e.*, now() FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::json[],
     $6::json[]) AS e`;

async function createRawTable(url: string, schema: string): Promise<string> {
  const events = `${escapeIdentifier(schema)}.events`;
  await withClient(url, (client) =>
    client.query(`CREATE SCHEMA ${escapeIdentifier(schema)};
      CREATE TABLE ${events} (position bigserial PRIMARY KEY, stream_id text NOT NULL,
        version integer NOT NULL, event_id text NOT NULL UNIQUE, type text NOT NULL,
        data json NOT NULL, metadata json NOT NULL, recorded_at timestamptz NOT NULL,
        UNIQUE (stream_id, version))`),
  );
  return events;
}

/** The PostgreSQL limit: one connection committing multi-row inserts back to back. */
async function rawPgBatches(
  url: string,
  schema: string,
  total: number,
  perCommit: number,
): Promise<Measure> {
  const events = await createRawTable(url, schema);
  const seconds = await withClient(url, async (client) => {
    const started = process.hrtime.bigint();
    for (let from = 0; from < total; from += perCommit) {
      await client.query(RAW_INSERT(events), rawColumns(from, perCommit));
    }
    return secondsSince(started);
  });
  return { eventsPerSecond: rate(total, seconds), eventsPerCommit: perCommit };
}

/** One row per commit, from `callers` concurrent loops sharing a pool. */
async function rawPgSingleCommits(
  url: string,
  schema: string,
  total: number,
  callers: number,
  poolSize: number,
): Promise<Measure> {
  const events = await createRawTable(url, schema);
  const pool = new Pool({ connectionString: url, max: poolSize });
  const perCaller = Math.ceil(total / callers);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; i < perCaller; i++) {
        await pool.query(RAW_INSERT(events), rawColumns(caller * perCaller + i, 1));
      }
    }),
  );
  const seconds = secondsSince(started);
  await pool.end();
  return { eventsPerSecond: rate(perCaller * callers, seconds), eventsPerCommit: 1 };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs one case in a schema of its own, dropped afterwards. */
async function inFreshSchema<T>(url: string, work: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  try {
    return await work(schema);
  } finally {
    await withClient(url, (client) =>
      client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`),
    );
  }
}

/**
 * Pages through the global order from the start to the head, `read` giving the page after a
 * position (pg gives positions as strings); also counts the events, to vouch for the head.
 */
async function pageThrough(
  pageSize: number,
  read: (after: number) => Promise<{ position: number | string }[]> | { position: number }[],
): Promise<ReadMeasure & { events: number }> {
  let events = 0;
  const started = process.hrtime.bigint();
  for (let after = 0; ;) {
    const page = await read(after);
    events += page.length;
    if (page.length < pageSize) break;
    after = Number(page[page.length - 1].position);
  }
  return { events, eventsPerSecond: rate(events, secondsSince(started)) };
}

/** Plain better-sqlite3 paging through a store's file and parsing each row's JSON. */
export async function rawSqliteReads(file: string, pageSize: number): Promise<ReadMeasure> {
  const db = new Database(file, { readonly: true });
  const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  try {
    return await pageThrough(pageSize, (after) => {
      const rows = page.all(after, pageSize);
      for (const row of rows) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      return rows;
    });
  } finally {
    db.close();
  }
}

/** Plain pg paging through a store's table on one connection; pg parses the json columns. */
function rawPgReads(url: string, schema: string): Promise<ReadMeasure> {
  return withClient(url, (client) =>
    pageThrough(READ_PAGE, async (after) => {
      const { rows } = await client.query<{ position: string }>(
        `SELECT position, stream_id, version, event_id, type, data, metadata, recorded_at
         FROM ${escapeIdentifier(schema)}.events WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, READ_PAGE],
      );
      return rows;
    }),
  );
}

/** `CALLERS` concurrent loops, each reading a whole random stream at a time, for a few seconds. */
async function streamReads(store: EventStore): Promise<ReadMeasure> {
  const latencies: number[] = [];
  let events = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(STREAM_READ_MS * 1e6);
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (process.hrtime.bigint() < until) {
        const random = Math.floor(Math.random() * CALLERS * STREAMS_PER_CALLER);
        const streamId = streamOf(Math.floor(random / STREAMS_PER_CALLER), random);
        const begun = process.hrtime.bigint();
        const read = await store.readStream(streamId);
        latencies.push(secondsSince(begun) * 1000);
        if (read.length === 0) throw new Error(`${streamId} is empty: the appends missed it`);
        events += read.length;
      }
    }),
  );
  const seconds = secondsSince(started);
  return {
    eventsPerSecond: rate(events, seconds),
    reads: {
      perSecond: rate(latencies.length, seconds),
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
    },
  };
}

/** A subscription from the start, as a new projection catches up, until it hands over the head. */
async function subscriptionCatchUp(store: EventStore): Promise<ReadMeasure> {
  const head = await store.headPosition();
  let events = 0;
  const started = process.hrtime.bigint();
  for await (const batch of store.subscribeAll({ after: 0 })) {
    events += batch.length;
    if (batch[batch.length - 1].position >= head) break;
  }
  return { eventsPerSecond: rate(events, secondsSince(started)) };
}

/**
 * Reads of a store the appends have just filled, beside a raw-driver read of the same rows,
 * printed as a second table; closes the store.
 */
async function benchReads(
  title: string,
  adapter: string,
  store: EventStore,
  raw: [string, () => Promise<ReadMeasure>],
): Promise<void> {
  try {
    const limit = await raw[1]();
    const catchUp = await pageThrough(READ_PAGE, (after) =>
      store.readAll({ after, maxCount: READ_PAGE }),
    );
    const rows: [string, ReadMeasure][] = [
      [`${raw[0]}, pages of ${READ_PAGE} (limit)`, limit],
      [`${adapter}.readAll, pages of ${READ_PAGE}`, catchUp],
      [`${adapter}.readStream, ${CALLERS} callers`, await streamReads(store)],
      [`${adapter}.subscribeAll from 0 to the head`, await subscriptionCatchUp(store)],
    ];
    const streams = CALLERS * STREAMS_PER_CALLER;
    printTable(
      `Event store reads (${title}, ${catchUp.events} events in ${streams} streams)`,
      ['case', 'events/s', 'reads/s', 'p50 ms', 'p99 ms', 'vs raw limit'],
      rows.map(([name, { eventsPerSecond, reads }]) => [
        name,
        eventsPerSecond.toFixed(0),
        reads?.perSecond.toFixed(0) ?? '-',
        reads?.p50Ms.toFixed(2) ?? '-',
        reads?.p99Ms.toFixed(2) ?? '-',
        reads ? '-' : `${((eventsPerSecond / limit.eventsPerSecond) * 100).toFixed(0)}%`,
      ]),
    );
    process.stdout.write(
      `The store holds every append above. raw and readAll page the global order from the start\n` +
        `to the head (raw parsing each row's JSON); readStream: random whole streams, ` +
        `${STREAM_READ_MS / 1000} s,\nlatency per read; subscribeAll: batches of 500 (the ` +
        `default, as projections use) until the head.\n`,
    );
  } finally {
    await store.close();
  }
}

function printMeasures(title: string, rows: [string, Measure][], limit: Measure): void {
  printTable(
    title,
    ['case', 'events/s', 'events/commit', 'vs raw limit'],
    rows.map(([name, { eventsPerSecond, eventsPerCommit }]) => [
      name,
      eventsPerSecond.toFixed(0),
      eventsPerCommit.toFixed(0),
      `${((eventsPerSecond / limit.eventsPerSecond) * 100).toFixed(0)}%`,
    ]),
  );
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-store-'));
  // One store for every case, so that the reads find all they appended.
  const filename = join(dir, 'store.sqlite');
  const store = (): SqliteEventStore => new SqliteEventStore({ filename });
  try {
    const raw = rawInserts(dir, 50_000, 500);
    const rows: [string, Measure][] = [
      ['raw better-sqlite3, 500 rows per commit (limit)', raw],
      ['raw better-sqlite3, 1 row per commit', rawInserts(dir, 2_000, 1)],
      ['SqliteEventStore, 64 callers x 1 event', await throughStore(store(), 50_000, 64, 1)],
      ['SqliteEventStore, 1 caller x 1 event', await throughStore(store(), 2_000, 1, 1)],
      ['SqliteEventStore, 64 callers x 100 events', await throughStore(store(), 100_000, 64, 100)],
    ];
    printMeasures('Event store appends (SQLite, durable commits)', rows, raw);
    process.stdout.write(
      'A group commit holds one append of every caller in flight: with 100 events per append\n' +
        'its commits outgrow the raw 500 rows, so it can beat that rate.\n',
    );
    await benchReads('SQLite', 'SqliteEventStore', store(), [
      'raw better-sqlite3',
      () => rawSqliteReads(filename, READ_PAGE),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(url: string): Promise<void> {
  const unreachable = await withClient(url, () => Promise.resolve(null)).catch(
    (error: Error) => error.message,
  );
  if (unreachable !== null) {
    process.stdout.write(`\nPostgreSQL rows skipped: ${url} is not reachable (${unreachable}).\n`);
    return;
  }
  const raw = await inFreshSchema(url, (schema) => rawPgBatches(url, schema, 50_000, 500));
  const rawSingleCommits = await inFreshSchema(url, (schema) =>
    rawPgSingleCommits(url, schema, 20_000, 64, 20),
  );
  const host = new URL(url).host;
  // One schema for every case, so that the reads find all they appended.
  await inFreshSchema(url, async (schema) => {
    const store = (): Promise<PostgresEventStore> =>
      PostgresEventStore.open({ connectionString: url, schema });
    const rows: [string, Measure][] = [
      ['raw pg, 500 rows per commit (limit)', raw],
      ['raw pg, 1 row per commit, 64 callers, pool of 20', rawSingleCommits],
      [
        'PostgresEventStore, 64 callers x 1 event',
        await throughStore(await store(), 50_000, 64, 1),
      ],
      ['PostgresEventStore, 1 caller x 1 event', await throughStore(await store(), 2_000, 1, 1)],
      [
        'PostgresEventStore, 64 callers x 100 events',
        await throughStore(await store(), 100_000, 64, 100),
      ],
    ];
    printMeasures(`Event store appends (PostgreSQL at ${host}, durable commits)`, rows, raw);
    // Statistics as autovacuum gives them within a minute or so. Before, the planner guesses
    // that a range of positions holds 0.5% of the table, and a page of readAll or of a
    // subscription sorts every later row: a quarter to a third of the rate below.
    await withClient(url, (client) => client.query(`ANALYZE ${escapeIdentifier(schema)}.events`));
    await benchReads(`PostgreSQL at ${host}`, 'PostgresEventStore', await store(), [
      'raw pg',
      () => rawPgReads(url, schema),
    ]);
  });
}

/**
 * Durable appends through each store beside plain inserts into the same table, then reads of
 * what they appended beside plain selects of it. PostgreSQL: BENCH_DATABASE_URL, else the
 * local server; its rows are skipped if it is not reachable.
 */
export async function benchStoreAppends(): Promise<void> {
  await benchSqlite();
  await benchPostgres(process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL);
}

if (require.main === module) void benchStoreAppends();
