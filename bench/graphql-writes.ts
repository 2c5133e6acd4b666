import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { printTable } from './report';

// autocannon ships no types; this is the part of its result the bench reads.
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  /** Requests that failed at the client, timeouts included. */
  errors: number;
  /** Requests unanswered after autocannon's timeout (10 s). */
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const autocannon = require('autocannon') as Autocannon;

const ROOT = join(__dirname, '..', '..');
const PROPOSE = `mutation Propose($input: ProposeRecommendationInput!) {
  proposeRecommendation(input: $input) { id stage version }
}`;

export async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  // A minute: a first start seeds the shipped data, which is slower on a busy machine.
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error('the server exited');
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become healthy');
}

/** Durable writes through GraphQL over HTTP: the server in one process, the load in this one. */
export async function benchGraphqlWrites(connections = 64, durationSeconds = 10): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-api-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
  };
  const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
    env,
    stdio: 'inherit',
  });
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, server);
    const token = execFileSync(
      process.execPath,
      [join(ROOT, 'bin/tracker'), 'token', 'create', '--role', 'ADMIN', '--name', 'Bench'],
      {
        env,
        encoding: 'utf8',
      },
    ).trim();
    let n = 0;
    const result = await autocannon({
      url: `${url}/graphql`,
      connections,
      duration: durationSeconds,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      requests: [
        {
          setupRequest: (request: Record<string, unknown>) => ({
            ...request,
            body: JSON.stringify({
              query: PROPOSE,
              variables: {
                input: {
                  id: `BENCH-${++n}`,
                  title: 'Benchmark',
                  sourceId: 'ircsc-final-report-2022',
                  theme: 'Implementation',
                },
              },
            }),
          }),
        },
      ],
    });
    const detail = await fetch(`${url}/health/detail`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const health = (await detail.json()) as {
      store: { headPosition: number };
    };
    const seeded = 26; // events the first start writes for the shipped recommendations
    printTable(
      `GraphQL proposeRecommendation over HTTP (SQLite, ${connections} connections, ${durationSeconds} s)`,
      ['writes/s', 'p50 ms', 'p99 ms', 'requests', 'events stored', 'non-2xx', 'errors'],
      [
        [
          result.requests.average.toFixed(0),
          String(result.latency.p50),
          String(result.latency.p99),
          String(result.requests.total),
          String(health.store.headPosition - seeded),
          String(result.non2xx),
          String(result.errors),
        ],
      ],
    );
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchGraphqlWrites();
