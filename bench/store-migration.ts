import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { Client, escapeIdentifier } from 'pg';
import { AuditSealer, TamperEvidentEventStore } from '@app/audit';
import { SqliteEventStore } from '@app/event-store';
import { generateHistory } from './history-generator';
import { printTable } from './report';

const ROOT = join(__dirname, '..', '..');
const fmt = (value: number): string => Math.round(value).toLocaleString('en-GB');

/** Runs the built `tracker` CLI; returns its stdout and how long it took, start-up included. */
function tracker(env: NodeJS.ProcessEnv, ...args: string[]): { stdout: string; seconds: number } {
  const started = performance.now();
  const stdout = execFileSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return { stdout, seconds: (performance.now() - started) / 1000 };
}

/**
 * `tracker migrate-store` on a generated, sealed history (written through the tamper-evident
 * store, as the server writes): SQLite to PostgreSQL, then back to SQLite, each followed by
 * `tracker verify` on the copy. PostgreSQL is BENCH_DATABASE_URL, default the local server.
 */
export async function benchStoreMigration(size = 100_000): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const schema = `bench_migrate_${randomBytes(4).toString('hex')}`;
  const source = mkdtempSync(join(tmpdir(), 'rt-bench-migrate-'));
  const back = mkdtempSync(join(tmpdir(), 'rt-bench-migrate-back-'));
  const base = { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'error' };
  const postgres = { DATABASE_URL: url, DATABASE_SCHEMA: schema };
  const rows: string[][] = [];
  try {
    const store = new TamperEvidentEventStore(
      new SqliteEventStore({ filename: join(source, 'events.sqlite') }),
    );
    const { events } = await generateHistory(store, { events: size });
    await new AuditSealer(store).seal('Sealed for the migration benchmark');
    await store.close();
    const runs: [string, string, NodeJS.ProcessEnv][] = [
      ['sqlite', 'postgres', { ...base, ...postgres, DATA_DIR: source }],
      ['postgres', 'sqlite', { ...base, ...postgres, DATA_DIR: back }],
    ];
    for (const [from, to, env] of runs) {
      const run = tracker(env, 'migrate-store', '--from', from, '--to', to);
      const report = JSON.parse(run.stdout) as { copied: number; eventsPerSecond: number };
      const verify = tracker({ ...env, EVENT_STORE: to }, 'verify', '--json');
      const verified = JSON.parse(verify.stdout) as { ok: boolean; eventsChecked: number };
      if (!verified.ok) throw new Error(`tracker verify failed on the ${to} copy`);
      rows.push([
        `${from} -> ${to}`,
        fmt(report.copied),
        fmt(report.eventsPerSecond),
        run.seconds.toFixed(1),
        `ok, ${fmt(verified.eventsChecked)} events in ${verify.seconds.toFixed(1)} s`,
      ]);
    }
    printTable(
      `tracker migrate-store, a sealed generated history of ${fmt(events)} events (+ seals)`,
      ['copy', 'events', 'copied/s', 'run s (with start-up)', 'tracker verify on the copy'],
      rows,
    );
  } finally {
    rmSync(source, { recursive: true, force: true });
    rmSync(back, { recursive: true, force: true });
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
    await client.end();
  }
}

if (require.main === module) {
  void benchStoreMigration(Number(process.env.BENCH_EVENTS ?? 100_000));
}
