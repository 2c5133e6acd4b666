import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore } from '@app/event-store';
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

/** Appends through the store: `callers` concurrent loops, each appending `batch` events at a time. */
async function throughStore(
  dir: string,
  total: number,
  callers: number,
  batch: number,
): Promise<number> {
  const store = new SqliteEventStore({ filename: join(dir, `store-${callers}-${batch}.sqlite`) });
  const perCaller = Math.ceil(total / callers / batch);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = 0; i < perCaller; i++) {
        const events = Array.from({ length: batch }, () => ({ ...EVENT, metadata: METADATA }));
        await store.append(`rollout-${caller}-${i % 50}`, events, 'any');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return rate(perCaller * callers * batch, seconds);
}

/** The physical limit: plain inserts with the same durability (WAL, synchronous=FULL). */
function rawInserts(dir: string, total: number, perTransaction: number): number {
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
        `raw-${i % 1000}`,
        i,
        `id-${i}`,
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
  return rate(total, seconds);
}

export async function benchStoreAppends(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-store-'));
  try {
    const raw = rawInserts(dir, 50_000, 500);
    const rows = [
      ['raw better-sqlite3, 500 rows per commit (limit)', raw],
      ['raw better-sqlite3, 1 row per commit', rawInserts(dir, 2_000, 1)],
      ['SqliteEventStore, 64 callers x 1 event', await throughStore(dir, 50_000, 64, 1)],
      ['SqliteEventStore, 1 caller x 1 event', await throughStore(dir, 2_000, 1, 1)],
      ['SqliteEventStore, 64 callers x 100 events', await throughStore(dir, 100_000, 64, 100)],
    ] as const;
    printTable(
      'Event store appends (SQLite, durable commits)',
      ['case', 'events/s', 'vs raw limit'],
      rows.map(([name, eventsPerSecond]) => [
        name,
        eventsPerSecond.toFixed(0),
        `${((eventsPerSecond / raw) * 100).toFixed(0)}%`,
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchStoreAppends();
