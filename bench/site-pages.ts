import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { caughtUp, stop } from './api-vs-ceiling';
import { autocannon, AutocannonResult, waitForHealth } from './graphql-writes';
import { printTable } from './report';
import type { RecordedPage } from './site-ceiling-server';

const ROOT = join(__dirname, '..', '..');
/** The public pages measured: the register, and a programme with its map of 153 areas. */
const PAGES = ['/register', '/programmes/social-workers-in-schools'];
/** Headers that belong to one response, not to the page. */
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'content-length']);

interface Measured extends AutocannonResult {
  statusCodeStats: Record<string, { count: number }>;
}

/** Rounds of each load, the real server's and the ceiling's taking turns; the best is kept. */
const ROUNDS = 2;

const loadOnce = (url: string, connections: number, seconds: number, etag: string | null) =>
  autocannon({
    url,
    connections,
    duration: seconds,
    headers: { accept: 'text/html', ...(etag ? { 'if-none-match': etag } : {}) },
  }) as Promise<Measured>;

/**
 * The same load on the real server and on the ceiling, in turns, each one's best round kept:
 * on a machine shared with other work, a round slowed by it would otherwise pass for either
 * server's speed.
 */
async function loadBoth(
  urls: [string, string],
  connections: number,
  seconds: number,
  etag: string | null,
): Promise<[Measured, Measured]> {
  const best: (Measured | null)[] = [null, null];
  for (let round = 0; round < ROUNDS; round++) {
    for (const i of [0, 1]) {
      const result = await loadOnce(urls[i], connections, seconds, etag);
      if (!best[i] || result.requests.average > best[i].requests.average) best[i] = result;
    }
  }
  return best as [Measured, Measured];
}

/** A page as the real server answers it now, which the ceiling will answer the same. */
async function record(url: string): Promise<RecordedPage> {
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !PER_RESPONSE.has(name)),
  );
  if (!headers.etag) throw new Error(`${url} has no ETag`);
  return { body: await response.text(), headers };
}

function start(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(ROOT, script)], { env, stdio: 'inherit' });
}

/**
 * The public site's pages under load, beside a ceiling measured in the same run: the built server
 * on the shipped data (SQLite) answers `connections` clients for `seconds` per page, then the
 * same clients revalidating with the page's current ETag (answered 304 without building the
 * page). The ceiling is NestJS on Fastify answering the same bytes from memory. Each figure is
 * the better of two rounds, the two servers taking turns.
 */
export async function benchSitePages(connections = 64, seconds = 5): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-site-'));
  const port = 3800 + Math.floor(Math.random() * 90);
  const ceilingPort = 3700 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
  };
  const url = `http://127.0.0.1:${port}`;
  const ceilingUrl = `http://127.0.0.1:${ceilingPort}`;
  const server = start('dist/apps/api/src/main.js', env);
  let ceiling: ChildProcess | null = null;
  try {
    await waitForHealth(url, server);
    const token = execFileSync(
      process.execPath,
      [join(ROOT, 'bin/tracker'), 'token', 'create', '--role', 'ADMIN', '--name', 'Bench'],
      { env, encoding: 'utf8' },
    ).trim();
    // Measured once the read models hold the shipped data, as a running site's do.
    await caughtUp(`${url}/health/detail`, token);
    const recorded: Record<string, RecordedPage> = {};
    for (const path of PAGES) recorded[path] = await record(`${url}${path}`);
    const pagesFile = join(dataDir, 'ceiling-pages.json');
    writeFileSync(pagesFile, JSON.stringify(recorded));
    ceiling = start('dist/bench/site-ceiling-server.js', {
      ...process.env,
      PORT: String(ceilingPort),
      SITE_PAGES: pagesFile,
    });
    await waitForHealth(ceilingUrl, ceiling);

    const pageRows: string[][] = [];
    const revalidationRows: string[][] = [];
    const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;
    const figures = (result: Measured) => [
      result.requests.average.toFixed(0),
      String(result.latency.p50),
      String(result.latency.p99),
    ];
    for (const path of PAGES) {
      const { etag } = recorded[path].headers;
      const urls: [string, string] = [`${url}${path}`, `${ceilingUrl}${path}`];
      const [page, ceilingPage] = await loadBoth(urls, connections, seconds, null);
      const [revalidated, ceilingRevalidated] = await loadBoth(urls, connections, seconds, etag);
      // Nothing moved meanwhile: the ETag the clients sent is still the page's.
      const after = await record(`${url}${path}`);
      if (after.headers.etag !== etag) throw new Error(`${path} changed during the benchmark`);
      const answered = revalidated.requests.total;
      const notModified = revalidated.statusCodeStats['304']?.count ?? 0;
      pageRows.push([
        `GET ${path}`,
        `${(Buffer.byteLength(recorded[path].body) / 1024).toFixed(0)} KB`,
        ...figures(page),
        `${page.non2xx + page.errors}`,
        ...figures(ceilingPage),
        percent(page.requests.average, ceilingPage.requests.average),
      ]);
      revalidationRows.push([
        `GET ${path}, If-None-Match`,
        ...figures(revalidated),
        `${percent(notModified, answered)} (${notModified} of ${answered})`,
        ...figures(ceilingRevalidated),
        percent(revalidated.requests.average, ceilingRevalidated.requests.average),
      ]);
    }
    printTable(
      `Public pages beside their ceiling (same stack, same bytes from memory), ${connections} connections, best of ${ROUNDS} rounds of ${seconds} s, shipped data, SQLite`,
      [
        'page',
        'size',
        'req/s',
        'p50 ms',
        'p99 ms',
        'failed',
        'ceiling req/s',
        'ceiling p50',
        'ceiling p99',
        'of ceiling',
      ],
      pageRows,
    );
    printTable(
      `Public pages revalidated with their current ETag, ${connections} connections, best of ${ROUNDS} rounds of ${seconds} s`,
      [
        'request',
        'req/s',
        'p50 ms',
        'p99 ms',
        'answered 304',
        'ceiling req/s',
        'ceiling p50',
        'ceiling p99',
        'of ceiling',
      ],
      revalidationRows,
    );
  } finally {
    if (ceiling) await stop(ceiling);
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchSitePages().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
