import Database from 'better-sqlite3';
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { TamperEvidentEventStore } from '@app/audit';
import { SqliteEventStore } from '@app/event-store';
import { waitForHealth } from './graphql-writes';
import { generateHistory } from './history-generator';
import { percentile, printTable } from './report';
import { rawSqliteReads } from './store-appends';

const ROOT = join(__dirname, '..', '..');
const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function latencies(
  url: string,
  token: string,
  query: string,
  count: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
    samples.push(performance.now() - started);
  }
  return samples;
}

const rssMiB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/**
 * Scaling: a generated history of each size; then, on it, the raw read rate, a rebuild of
 * every read model (the CLI, while nothing else runs), the server's cold start to its first
 * answer and its memory, and the latency of time-travelling reads (asOf half-way through).
 */
export async function benchScale(sizes = [10_000, 100_000, 1_000_000]): Promise<void> {
  const rows: string[][] = [];
  for (const size of sizes) {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-scale-'));
    const env = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'error' };
    try {
      const store = new TamperEvidentEventStore(
        new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') }),
      );
      let started = performance.now();
      const generated = await generateHistory(store, { events: size });
      const generateRate = generated.events / ((performance.now() - started) / 1000);
      await store.close();
      // Plain better-sqlite3 reading and parsing every event in pages: the physical limit.
      const raw = (await rawSqliteReads(join(dataDir, 'events.sqlite'), 5000)).eventsPerSecond;

      const tracker = (...args: string[]): string =>
        execFileSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
          env,
          encoding: 'utf8',
        });
      const rebuild = JSON.parse(tracker('rebuild')) as { eventsPerSecond: number };
      const token = tracker('token', 'create', '--role', 'AUDITOR', '--name', 'Bench').trim();

      const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
      const { recorded_at: halfway } = db
        .prepare('SELECT recorded_at FROM events WHERE position >= ? ORDER BY position LIMIT 1')
        .get(Math.floor(generated.events / 2)) as { recorded_at: string };
      db.close();

      const port = 3800 + Math.floor(Math.random() * 90);
      started = performance.now();
      const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
        env: { ...env, PORT: String(port) },
        stdio: 'inherit',
      });
      const url = `http://127.0.0.1:${port}`;
      try {
        await waitForHealth(url, server);
        const programme = generated.programmes[0];
        await latencies(
          url,
          token,
          `{ programme(id: "${programme}") { rollout { coverage { enrolled } } } }`,
          1,
        );
        const coldStart = (performance.now() - started) / 1000;
        const recommendation = await latencies(
          url,
          token,
          `{ recommendation(id: "${generated.recommendations[0]}", asOf: "${halfway}") { stage version } }`,
          200,
        );
        const rollout = await latencies(
          url,
          token,
          `{ programme(id: "${programme}") { rollout(asOf: "${halfway}") { coverage { enrolled percentComplete } areas { areaCode stage lastMilestone { key } } } } }`,
          30,
        );
        const current = await latencies(
          url,
          token,
          `{ programme(id: "${programme}") { rollout { coverage { enrolled percentComplete } areas { areaCode stage lastMilestone { key } } } } }`,
          100,
        );
        rows.push([
          fmt(generated.events),
          fmt(generateRate),
          fmt(raw),
          `${fmt(rebuild.eventsPerSecond)} (${fmt((rebuild.eventsPerSecond / raw) * 100)}%)`,
          fmt(coldStart, 2),
          fmt(rssMiB(server.pid!)),
          fmt(percentile(recommendation, 0.5), 2),
          fmt(percentile(rollout, 0.5), 1),
          fmt(percentile(current, 0.5), 1),
        ]);
      } finally {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  printTable(
    'Scaling with stored events (generated history; server in its own process, SQLite)',
    [
      'events',
      'generated/s',
      'raw read+parse/s',
      'rebuild/s (of raw)',
      'cold start s',
      'RSS MiB',
      'asOf recommendation p50 ms',
      'asOf rollout p50 ms',
      'rollout now p50 ms',
    ],
    rows,
  );
}

if (require.main === module) {
  void benchScale(process.env.BENCH_SIZES?.split(',').map(Number));
}
