import { ChildProcess, execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalAuthorityRegister } from '@app/areas';
import { autocannon, AutocannonResult } from './graphql-writes';
import { printTable } from './report';

const ROOT = join(__dirname, '..', '..');
const PROGRAMME = 'bench-rollout';
const rolloutQuery = (
  overdue: string,
) => `query Rollout($id: ID!) { programme(id: $id) { id rollout {
  areas { areaCode areaName region stage lastMilestone { key achievedOn } status { rag commentary period } ${overdue} }
  byRegion { regionCode regionName enrolled milestonesAchieved overdue }
  coverage { enrolled totalAreas percentComplete }
} } }`;
/** The reads measured, each against the same query on the ceiling. */
const READS = [
  {
    what: 'programme rollout, 153 areas with their 20 overdue milestones each',
    query: rolloutQuery('overdue { key targetDate }'),
  },
  { what: 'programme rollout, 153 areas (no milestone lists)', query: rolloutQuery('') },
  {
    what: 'recommendation stage counts',
    query: `query StageCounts { recommendationStageCounts { stage count } }`,
  },
];
const REPORT = `mutation Report($input: ReportStatusInput!) { reportStatus(input: $input) { areaCode version stage status { rag commentary period } } }`;
const CEILING_REPORT = `mutation Report($input: EchoStatusInput!) { reportStatus(input: $input) { areaCode version stage status { rag commentary period } } }`;

async function listening(url: string, process: ChildProcess): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (process.exitCode !== null) throw new Error('a benchmark server exited');
    const up = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{__typename}"}',
    }).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('a benchmark server did not start');
}

export async function caughtUp(health: string, token: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const detail = await fetch(health, { headers: { authorization: `Bearer ${token}` } });
    const { projections } = (await detail.json()) as {
      projections: { lag: number }[];
    };
    if (projections.every((projection) => projection.lag === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the read models did not catch up');
}

export const stop = async (server: ChildProcess): Promise<void> => {
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
};

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU time a process has used so far, in µs (Linux): user and system. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are the 14th and 15th fields; the split dropped the first two.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** A load's result, with the server's own CPU time per answered request. */
interface Measured extends AutocannonResult {
  cpuPerRequest: number;
}

async function load(
  server: ChildProcess,
  url: string,
  token: string | null,
  body: () => string,
  connections: number,
  seconds: number,
): Promise<Measured> {
  const headers = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  // A refused request is answered fast: measured, it would pass for speed.
  const sample = (await (await fetch(url, { method: 'POST', headers, body: body() })).json()) as {
    errors?: unknown[];
  };
  if (sample.errors)
    throw new Error(`${url} refused the benchmark's request: ${JSON.stringify(sample.errors)}`);
  const cpuBefore = cpuMicros(server.pid!);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers,
    requests: [
      { setupRequest: (request: Record<string, unknown>) => ({ ...request, body: body() }) },
    ],
  });
  return { ...result, cpuPerRequest: (cpuMicros(server.pid!) - cpuBefore) / result.requests.total };
}

/**
 * Writes and reads through the API beside a ceiling measured in the same run: a minimal app on
 * the same stack whose mutation echoes its input and whose rollout comes from memory, in the
 * same answer shape. The real server is durable (SQLite, fsync per group commit).
 */
export async function benchApiVsCeiling(connections = 64, seconds = 10): Promise<void> {
  const areas = LocalAuthorityRegister.shipped().all.map((area) => area.areaCode);
  let n = 0;
  const statusInput = () => ({
    programmeId: PROGRAMME,
    areaCode: areas[n++ % areas.length],
    rag: 'GREEN',
    commentary: 'Monthly return',
    periodStart: '2025-06-01',
    periodEnd: '2025-06-30',
  });

  const readLoad = (server: ChildProcess, url: string, token: string | null, query: string) =>
    load(
      server,
      url,
      token,
      () => JSON.stringify({ query, variables: { id: PROGRAMME } }),
      connections,
      seconds,
    );

  const ceilingPort = 3700 + Math.floor(Math.random() * 90);
  const ceiling = spawn(process.execPath, [join(ROOT, 'dist/bench/ceiling-server.js')], {
    env: { ...process.env, PORT: String(ceilingPort) },
    stdio: 'inherit',
  });
  const ceilingUrl = `http://127.0.0.1:${ceilingPort}/graphql`;
  let ceilingWrites: Measured;
  const ceilingReads: Measured[] = [];
  try {
    await listening(ceilingUrl, ceiling);
    ceilingWrites = await load(
      ceiling,
      ceilingUrl,
      null,
      () => JSON.stringify({ query: CEILING_REPORT, variables: { input: statusInput() } }),
      connections,
      seconds,
    );
    for (const read of READS) {
      ceilingReads.push(await readLoad(ceiling, ceilingUrl, null, read.query));
    }
  } finally {
    await stop(ceiling);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-ceiling-'));
  const port = 3800 + Math.floor(Math.random() * 90);
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
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await listening(url, server);
    const tracker = (...args: string[]): string =>
      execFileSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
        env,
        encoding: 'utf8',
      }).trim();
    const token = tracker('token', 'create', '--role', 'ADMIN', '--name', 'Bench');
    // A person's token acts as their account as it is now: the account is read on each request.
    tracker(
      'account',
      'add',
      '--role',
      'ADMIN',
      '--email',
      'bench@example.org',
      '--name',
      'Bench Admin',
      '--organisation',
      'Benchmarks',
      '--reason',
      'Benchmark',
    );
    const accountToken = tracker(
      'token',
      'create',
      '--account',
      'bench@example.org',
      '--name',
      'Bench',
    );
    const gql = async (query: string, variables: object): Promise<void> => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    await gql(`mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`, {
      input: {
        id: PROGRAMME,
        name: 'Benchmark rollout',
        recommendations: ['CSC-SWIS'],
        milestones: Array.from({ length: 20 }, (_, i) => ({
          key: `m${i + 1}`,
          title: `Milestone ${i + 1}`,
          targetDate: '2025-12-31',
        })),
        occurredAt: '2024-01-01T00:00:00Z',
      },
    });
    for (const areaCode of areas) {
      await gql(`mutation($input: EnrolAreaInput!) { enrolArea(input: $input) { version } }`, {
        input: { programmeId: PROGRAMME, areaCode, enrolledOn: '2024-01-01' },
      });
    }
    const writes = await load(
      server,
      url,
      token,
      () => JSON.stringify({ query: REPORT, variables: { input: statusInput() } }),
      connections,
      seconds,
    );
    const accountWrites = await load(
      server,
      url,
      accountToken,
      () => JSON.stringify({ query: REPORT, variables: { input: statusInput() } }),
      connections,
      seconds,
    );
    // Reads are measured on a settled server: the read models caught up with the writes.
    await caughtUp(`http://127.0.0.1:${port}/health/detail`, token);
    const reads: Measured[] = [];
    for (const read of READS) reads.push(await readLoad(server, url, token, read.query));
    const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;
    const row = (what: string, real: Measured, top: Measured) => [
      what,
      real.requests.average.toFixed(0),
      String(real.latency.p50),
      String(real.latency.p99),
      `${real.non2xx + real.errors}${real.timeouts ? ` (${real.timeouts} timed out)` : ''}`,
      top.requests.average.toFixed(0),
      percent(real.requests.average, top.requests.average),
      real.cpuPerRequest.toFixed(0),
      top.cpuPerRequest.toFixed(0),
      percent(top.cpuPerRequest, real.cpuPerRequest),
    ];
    printTable(
      `The API beside its ceiling (same stack, no I/O), ${connections} connections, ${seconds} s each, SQLite`,
      [
        'measure',
        'req/s',
        'p50 ms',
        'p99 ms',
        'failed',
        'ceiling req/s',
        'of ceiling',
        'server CPU µs/req',
        'ceiling CPU µs/req',
        'CPU ratio',
      ],
      [
        row('reportStatus (durable write)', writes, ceilingWrites),
        row("reportStatus, an account's token", accountWrites, ceilingWrites),
        ...READS.map((read, i) => row(read.what, reads[i], ceilingReads[i])),
      ],
    );
  } finally {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchApiVsCeiling();
