import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT, TrackerServer } from './support/tracker-server';

/** One sample of the exposition format: `name{label="value",...} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus's text exposition format (comments skipped), as a scraper reads it. */
function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
        labels[key] = value;
      }
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name and these labels (0 when absent). */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);

const PROPOSE = `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`;

describe('metrics, health checks and logs for operators', () => {
  const server = new TrackerServer('operations', { LOG_LEVEL: 'info' });
  let admin: string;
  let board: string;

  const scrape = async (token: string | null = admin) => {
    const response = await fetch(`${server.url}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  beforeAll(async () => {
    await server.start();
    admin = server.createToken('ADMIN', 'Ops Admin');
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(() => server.dispose());

  it('publishes /metrics to admins only', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape(board)).status).toBe(403);
    const { status, type } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts requests, operations, appends, imports and verifications as they happen', async () => {
    const before = parseExposition((await scrape()).text);

    // A query under a name the client made up: counted by its root field, never that name.
    const named = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board}` },
      body: JSON.stringify({
        query: 'query Made_Up_Name_42 { recommendations(first: 1) { nodes { id } } }',
        operationName: 'Made_Up_Name_42',
      }),
    });
    expect(named.status).toBe(200);
    // A document that does not validate never runs.
    await server.gql('{ noSuchField }', {}, board);
    const proposed = await server.gql(
      PROPOSE,
      {
        input: {
          id: 'E2E-OPS-1',
          title: 'Metrics',
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
        },
      },
      board,
    );
    expect(proposed.errors).toBeUndefined();
    const imported = await fetch(
      `${server.url}/imports/milestones?programme=social-workers-in-schools&dryRun=true`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${board}` },
        body: 'areaCode,milestoneKey,achievedOn,evidenceUrl,note\r\nE09000022,nope,2024-01-01,,\r\nE09000022,nope,2024-01-02,,\r\n',
      },
    );
    expect(((await imported.json()) as { rows: number }).rows).toBe(2);
    const verified = await server.gql('{ verifyAuditTrail { ok } }', {}, admin);
    expect(verified.data?.verifyAuditTrail).toEqual({ ok: true });

    const after = parseExposition((await scrape()).text);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels);

    const operation = 'tracker_graphql_operation_duration_seconds_count';
    expect(moved(operation, { type: 'query', operation: 'recommendations', outcome: 'ok' })).toBe(
      1,
    );
    expect(moved(operation, { type: 'none', operation: 'not_run', outcome: 'error' })).toBe(1);
    expect(
      moved(operation, { type: 'mutation', operation: 'proposeRecommendation', outcome: 'ok' }),
    ).toBe(1);
    expect(moved(operation, { type: 'query', operation: 'verifyAuditTrail', outcome: 'ok' })).toBe(
      1,
    );
    expect(after.some((sample) => JSON.stringify(sample.labels).includes('Made_Up'))).toBe(false);
    expect(
      moved('tracker_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/imports/milestones',
        status: '200',
      }),
    ).toBe(1);
    // The proposal: one append of one event, in a commit of its own or with others.
    expect(moved('tracker_events_appended_total')).toBeGreaterThanOrEqual(1);
    expect(moved('tracker_commit_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(moved('tracker_import_rows_total', { outcome: 'checked' })).toBe(2);
    expect(moved('tracker_audit_verifications_total', { result: 'intact' })).toBe(1);
    const lags = after.filter((sample) => sample.name === 'tracker_projection_lag_events');
    expect(lags.map((sample) => sample.labels.projection).sort()).toEqual(
      [
        'accounts',
        'area-rollouts',
        'audit-trail',
        'programmes',
        'recommendations',
        'rollout-history',
      ].sort(),
    );
    expect(valueOf(after, 'tracker_live_subscriptions')).toBe(0);
    // prom-client's process metrics.
    expect(valueOf(after, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('answers liveness and readiness separately, and /health as readiness', async () => {
    for (const path of ['/health/live', '/health/ready', '/health']) {
      const response = await fetch(`${server.url}${path}`);
      expect({ path, status: response.status, body: await response.json() }).toEqual({
        path,
        status: 200,
        body: { status: 'ok' },
      });
    }
  });

  it('logs JSON lines in one format, and no line per request at level info', async () => {
    await Promise.all(Array.from({ length: 30 }, () => fetch(`${server.url}/health/live`)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = server.recentLog.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({ level: expect.any(String), msg: expect.any(String) });
      expect(new Date(line.time as string).toISOString()).toBe(line.time);
    }
    expect(lines.filter((line) => /request/.test(line.msg as string))).toEqual([]);
  });

  it('refuses to start on a port in use, at once and before touching its data directory', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'rt-e2e-port-'));
    const dataDir = join(parent, 'data');
    try {
      const second = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
        env: { ...server.env, DATA_DIR: dataDir, PORT: new URL(server.url).port },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      second.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      second.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const started = Date.now();
      const code = await new Promise((resolve) => second.once('exit', resolve));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(code).toBe(1);
      expect(output.trim()).toBe(
        `Reform Tracker cannot start: Port ${new URL(server.url).port} is already in use on 127.0.0.1 (another Reform Tracker, or another program?); stop that one, or set PORT to another port`,
      );
      // Checked before any store was opened: no events, read models or tokens written.
      expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('readiness during a shutdown', () => {
  // The HTTP close stage held (see stuck-shutdown.js), so the server still answers while it stops.
  const server = new TrackerServer('shutdown-ready', {
    SHUTDOWN_TIMEOUT_SECONDS: '5',
    STUCK_SHUTDOWN: 'async',
    NODE_OPTIONS: `--require ${join(__dirname, 'support', 'stuck-shutdown.js')}`,
  });
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('turns not ready once the shutdown starts, while still alive', async () => {
    const status = (path: string) =>
      fetch(`${server.url}${path}`, { headers: { connection: 'close' } }).then(
        (response) => response.status,
        () => 0,
      );
    expect(await status('/health/ready')).toBe(200);
    const exited = server.kill('SIGTERM');
    let ready = 200;
    for (let tries = 0; tries < 40 && ready === 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ready = await status('/health/ready');
    }
    expect({ ready, health: await status('/health'), live: await status('/health/live') }).toEqual({
      ready: 503,
      health: 503,
      live: 200,
    });
    expect(await exited).toEqual({ code: null, signal: 'SIGALRM' });
  }, 30_000);
});

describe('a start that fails', () => {
  it('logs its error as one JSON line, with err: its message and stack', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-e2e-failed-start-'));
    try {
      // Nothing listens on port 1: the read models' database cannot be reached.
      const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATA_DIR: dataDir,
          PORT: '0',
          EVENT_STORE: 'sqlite',
          READ_MODELS: 'postgres',
          DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      server.stderr.resume();
      expect(await new Promise((resolve) => server.once('exit', resolve))).not.toBe(0);
      const errors = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, any>)
        .filter((line) => line.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].err.message).toMatch(/ECONNREFUSED/);
      expect(errors[0].err.stack).toMatch(/\n\s+at /);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('request logs at LOG_LEVEL=debug', () => {
  const server = new TrackerServer('debug-logs', { LOG_LEVEL: 'debug' });
  beforeAll(() => server.start());
  afterAll(() => server.dispose());

  it('logs each request and its completion with the request id given', async () => {
    await fetch(`${server.url}/health/live`, { headers: { 'x-request-id': 'ops-e2e-1' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = server.recentLog
      .map((line) => JSON.parse(line) as Record<string, any>)
      .filter((line) => line.reqId === 'ops-e2e-1');
    expect(lines.map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 'debug', msg: 'incoming request' },
      { level: 'debug', msg: 'request completed' },
    ]);
    expect(lines[1].res.statusCode).toBe(200);
  });
});
