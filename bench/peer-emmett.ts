import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client, escapeIdentifier } from 'pg';
import { EventStore, PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { printTable } from './report';

const ROOT = join(__dirname, '..', '..');
/** The peer is installed beside the project, not in its lockfile: the bench fetches it once. */
const PEER_DIR = process.env.PEER_DIR ?? join(ROOT, '.bench-peer');
const PEERS = {
  sqlite: { dir: 'sqlite', package: '@event-driven-io/emmett-sqlite@0.38.5' },
  postgresql: { dir: 'postgresql', package: '@event-driven-io/emmett-postgresql@0.42.0' },
};
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const CALLERS = 64;
const SECONDS = Number(process.env.PEER_SECONDS ?? 5);
const EVENT = { type: 'StatusReported', data: { rag: 'GREEN', commentary: 'Monthly return' } };

interface PeerStore {
  appendToStream(stream: string, events: { type: string; data: object }[]): Promise<unknown>;
  close?(): Promise<void>;
}

function peerModule<T>(peer: keyof typeof PEERS, name: string): T {
  const dir = join(PEER_DIR, PEERS[peer].dir);
  if (!existsSync(join(dir, 'node_modules', name))) {
    mkdirSync(dir, { recursive: true });
    process.stderr.write(`Installing ${PEERS[peer].package} into ${dir} (once)\n`);
    execFileSync(
      'npm',
      ['install', '--prefix', dir, '--no-audit', '--no-fund', PEERS[peer].package],
      {
        stdio: 'ignore',
      },
    );
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(dir, 'node_modules', name)) as T;
}

/** `CALLERS` loops appending one event at a time, each to its own streams, for `SECONDS`. */
async function singleEventAppends(
  append: (stream: string) => Promise<unknown>,
): Promise<{ rate: number; failed: number }> {
  const until = Date.now() + SECONDS * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      for (let i = 0; Date.now() < until; i++) {
        try {
          await append(`rollout-${caller}-${i % 50}`);
          done++;
        } catch {
          failed++;
        }
      }
    }),
  );
  return { rate: done / SECONDS, failed };
}

const ours = (store: EventStore) => (stream: string) =>
  store.append(stream, [{ ...EVENT, metadata: {} }], 'any');

/**
 * The peer event store Emmett doing the same work as ours, in the same run: 64 callers, one
 * event per append, durable commits, on SQLite and on PostgreSQL.
 */
export async function benchPeerEmmett(): Promise<void> {
  const rows: string[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'rt-bench-peer-'));
  try {
    const sqlite = new SqliteEventStore({ filename: join(dir, 'ours.sqlite') });
    const oursSqlite = await singleEventAppends(ours(sqlite));
    await sqlite.close();
    const emmettSqlite = peerModule<{ getSQLiteEventStore(options: object): PeerStore }>(
      'sqlite',
      '@event-driven-io/emmett-sqlite',
    ).getSQLiteEventStore({
      fileName: join(dir, 'emmett.sqlite'),
      schema: { autoMigration: 'CreateOrUpdate' },
    });
    const peerSqlite = await singleEventAppends((stream) =>
      emmettSqlite.appendToStream(stream, [EVENT]),
    );
    await emmettSqlite.close?.();
    rows.push(row('SQLite', oursSqlite, peerSqlite));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const admin = new Client({ connectionString: DATABASE_URL });
  const schema = `bench_peer_${process.pid}`;
  try {
    await admin.connect();
  } catch (error) {
    process.stderr.write(`Skipping PostgreSQL: ${(error as Error).message}\n`);
    return print(rows);
  }
  const database = `bench_emmett_${process.pid}`;
  try {
    const postgres = await PostgresEventStore.open({ connectionString: DATABASE_URL, schema });
    const oursPostgres = await singleEventAppends(ours(postgres));
    await postgres.close();
    // Emmett keeps its tables in the public schema: it gets a database of its own.
    await admin.query(`CREATE DATABASE ${escapeIdentifier(database)}`);
    const url = new URL(DATABASE_URL);
    url.pathname = `/${database}`;
    const emmettPostgres = peerModule<{
      getPostgreSQLEventStore(url: string, options?: object): PeerStore;
    }>('postgresql', '@event-driven-io/emmett-postgresql').getPostgreSQLEventStore(url.toString(), {
      schema: { autoMigration: 'CreateOrUpdate' },
    });
    const peerPostgres = await singleEventAppends((stream) =>
      emmettPostgres.appendToStream(stream, [EVENT]),
    );
    await emmettPostgres.close?.();
    rows.push(row('PostgreSQL', oursPostgres, peerPostgres));
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(database)} WITH (FORCE)`);
    await admin.end();
  }
  print(rows);
}

function row(
  backend: string,
  ours: { rate: number; failed: number },
  peer: { rate: number; failed: number },
): string[] {
  return [
    backend,
    ours.rate.toFixed(0),
    String(ours.failed),
    peer.rate.toFixed(0),
    String(peer.failed),
    peer.rate > 0 ? `${(ours.rate / peer.rate).toFixed(1)}x` : 'n/a',
  ];
}

function print(rows: string[][]): void {
  printTable(
    `Single-event appends beside the peer Emmett, ${CALLERS} callers, ${SECONDS} s each, durable commits`,
    [
      'backend',
      'ours events/s',
      'ours failed',
      'Emmett events/s',
      'Emmett failed',
      'ours / Emmett',
    ],
    rows,
  );
}

if (require.main === module) void benchPeerEmmett();
