import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client, Pool, escapeIdentifier } from 'pg';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '@app/event-store';
import { printTable, rate } from './report';

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
/** Streams each caller spreads its appends over. */
const STREAMS_PER_CALLER = 50;

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/test';

interface Measure {
  eventsPerSecond: number;
  eventsPerCommit: number;
}

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
        await store.append(`rollout-${caller}-${i % STREAMS_PER_CALLER}`, batchOfEvents, 'any');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
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
        `raw-${i % (64 * STREAMS_PER_CALLER)}`,
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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return { eventsPerSecond: rate(total, seconds), eventsPerCommit: perTransaction };
}

/**
 * `count` rows like the store's (random UUID event ids) as one array per column, for an
 * INSERT ... SELECT FROM unnest(); the raw table takes its positions from a sequence.
 */
function rawColumns(from: number, count: number): unknown[][] {
  const rows = Array.from({ length: count }, (_, k) => [
    `raw-${(from + k) % (64 * STREAMS_PER_CALLER)}`,
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
    return Number(process.hrtime.bigint() - started) / 1e9;
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
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
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
  const store = (name: string): SqliteEventStore =>
    new SqliteEventStore({ filename: join(dir, `${name}.sqlite`) });
  try {
    const raw = rawInserts(dir, 50_000, 500);
    const rows: [string, Measure][] = [
      ['raw better-sqlite3, 500 rows per commit (limit)', raw],
      ['raw better-sqlite3, 1 row per commit', rawInserts(dir, 2_000, 1)],
      ['SqliteEventStore, 64 callers x 1 event', await throughStore(store('a'), 50_000, 64, 1)],
      ['SqliteEventStore, 1 caller x 1 event', await throughStore(store('b'), 2_000, 1, 1)],
      [
        'SqliteEventStore, 64 callers x 100 events',
        await throughStore(store('c'), 100_000, 64, 100),
      ],
    ];
    printMeasures('Event store appends (SQLite, durable commits)', rows, raw);
    process.stdout.write(
      'A group commit holds one append of every caller in flight: with 100 events per append\n' +
        'its commits outgrow the raw 500 rows, so it can beat that rate.\n',
    );
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
  const throughPostgres = (total: number, callers: number, batch: number): Promise<Measure> =>
    inFreshSchema(url, async (schema) =>
      throughStore(
        await PostgresEventStore.open({ connectionString: url, schema }),
        total,
        callers,
        batch,
      ),
    );
  const raw = await inFreshSchema(url, (schema) => rawPgBatches(url, schema, 50_000, 500));
  const rows: [string, Measure][] = [
    ['raw pg, 500 rows per commit (limit)', raw],
    [
      'raw pg, 1 row per commit, 64 callers, pool of 20',
      await inFreshSchema(url, (schema) => rawPgSingleCommits(url, schema, 20_000, 64, 20)),
    ],
    ['PostgresEventStore, 64 callers x 1 event', await throughPostgres(50_000, 64, 1)],
    ['PostgresEventStore, 1 caller x 1 event', await throughPostgres(2_000, 1, 1)],
    ['PostgresEventStore, 64 callers x 100 events', await throughPostgres(100_000, 64, 100)],
  ];
  printMeasures(
    `Event store appends (PostgreSQL at ${new URL(url).host}, durable commits)`,
    rows,
    raw,
  );
}

/**
 * Durable appends through each store beside plain inserts into the same table. PostgreSQL:
 * BENCH_DATABASE_URL, else the local server; its rows are skipped if it is not reachable.
 */
export async function benchStoreAppends(): Promise<void> {
  await benchSqlite();
  await benchPostgres(process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL);
}

if (require.main === module) void benchStoreAppends();
