import { ChildProcess, execFileSync, spawn } from 'child_process';
import { request as httpRequest } from 'http';
import { randomBytes } from 'crypto';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { Client, escapeIdentifier } from 'pg';
import { withClient } from '../../libs/event-store/src/testing/postgres';
import { Mailbox } from './mailbox';

export const ROOT = join(__dirname, '..', '..');

/**
 * The event store the servers run on: `sqlite` (default), or `postgres` with
 * E2E_EVENT_STORE=postgres, each server then in a fresh schema of E2E_DATABASE_URL (default the
 * local server), dropped when it is disposed. `npm run test:e2e:postgres` sets it.
 */
export const E2E_EVENT_STORE = process.env.E2E_EVENT_STORE || 'sqlite';
export const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
if (E2E_EVENT_STORE !== 'sqlite' && E2E_EVENT_STORE !== 'postgres') {
  throw new Error(`E2E_EVENT_STORE must be sqlite or postgres (got "${E2E_EVENT_STORE}")`);
}

/** Runs `work` on a connection of its own to the PostgreSQL server of the tests. */
export const withDatabase = <T>(work: (client: Client) => Promise<T>): Promise<T> =>
  withClient(E2E_DATABASE_URL, work);

/** A free port on loopback, for a server started in another process. */
const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  data: Record<string, any> | null;
  errors?: { message: string; extensions: Record<string, any> }[];
}

/** GET /health/detail: what an admin sees of the store and the read models. */
export interface HealthDetail {
  status: 'ok' | 'degraded' | 'down';
  store: { status: 'ok' | 'down'; kind: string; headPosition?: number; error?: string };
  projections?: {
    name: string;
    checkpoint: number;
    lag: number;
    running: boolean;
    leader: boolean;
    error: string | null;
  }[];
  liveSubscribers?: number;
  droppedLogLines?: number;
}

/** How a server process ended: its exit code, or the signal that ended it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * POSTs a body the server may refuse before reading it all (over its size limit). The server
 * answers at once and closes the connection, so the rest of the body fails to send (EPIPE):
 * `fetch` then reports the failed send rather than the answer, depending on timing. This reads
 * the answer however the send ends, and sends again (three tries) when the send failed before
 * the answer could be read, which Node's client does now and then.
 */
export async function postUnread(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postOnce(url, body, headers);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt === 3 || (code !== 'EPIPE' && code !== 'ECONNRESET')) throw error;
    }
  }
}

function postOnce(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(url, { method: 'POST', headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      response.on('error', reject);
    });
    // A send cut short after the answer came is the refusal working.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(body);
  });
}

export const errorCode = (response: GraphQLResponse): string | undefined =>
  response.errors?.[0]?.extensions.code;

/**
 * The built server (`npm run build`) started as a user would, in its own process on its own
 * data directory, with the `tracker` CLI pointed at the same data. End-to-end tests speak to
 * it over HTTP only.
 */
export class TrackerServer {
  readonly dataDir: string;
  /** The server's own PostgreSQL schema, when the tests run on PostgreSQL. */
  readonly schema: string | null;
  readonly env: NodeJS.ProcessEnv;
  url = '';
  private process: ChildProcess | null = null;
  /** The server's last lines of log (stdout), printed if it does not stop. */
  private lastLog: string[] = [];
  /** A replica shares another server's data and leaves its removal to that one. */
  private readonly ownsData: boolean;
  /** A replica's data directory of its own, removed with it. */
  private readonly ownDataDir: string | null;
  /** An ADMIN token for /health/detail, made when first needed. */
  private adminToken: string | null = null;
  /**
   * The SMTP server the server under test mails (sign-in links) to, started with it unless the
   * test set SMTP_URL; a replica mails to its first server's.
   */
  mailbox: Mailbox | null = null;

  /**
   * A replica runs on `replicaOf`'s stores; with `ownDataDir` it has a DATA_DIR of its own, as
   * on another host, so all it shares is what is in PostgreSQL.
   */
  constructor(
    prefix: string,
    extraEnv: NodeJS.ProcessEnv = {},
    private readonly replicaOf?: TrackerServer,
    { ownDataDir = false }: { ownDataDir?: boolean } = {},
  ) {
    this.ownsData = !replicaOf;
    this.ownDataDir =
      replicaOf && ownDataDir ? mkdtempSync(join(tmpdir(), `rt-e2e-${prefix}-replica-`)) : null;
    this.dataDir =
      this.ownDataDir ?? replicaOf?.dataDir ?? mkdtempSync(join(tmpdir(), `rt-e2e-${prefix}-`));
    this.schema = replicaOf
      ? replicaOf.schema
      : E2E_EVENT_STORE === 'postgres'
        ? `e2e_${prefix.replace(/\W/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`
        : null;
    const store: NodeJS.ProcessEnv = this.schema
      ? { EVENT_STORE: 'postgres', DATABASE_URL: E2E_DATABASE_URL, DATABASE_SCHEMA: this.schema }
      : { EVENT_STORE: 'sqlite' };
    this.env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      // Tests sign in many times from one address: the sign-in spec sets the limits it tests.
      SIGN_IN_LIMIT_PER_EMAIL: '1000',
      SIGN_IN_LIMIT_PER_ADDRESS: '100000',
      ...store,
      ...(replicaOf ? replicaOf.env : {}),
      DATA_DIR: this.dataDir,
      ...extraEnv,
    };
  }

  /** Where the read models live: a PostgreSQL schema beside the events', or a SQLite file. */
  get readModelSchema(): string | null {
    return this.schema ? `${this.schema}_read_models` : null;
  }

  async start(): Promise<void> {
    if (this.replicaOf) {
      this.mailbox = this.replicaOf.mailbox;
      this.env.SMTP_URL ??= this.replicaOf.env.SMTP_URL;
    } else if (!this.env.SMTP_URL) {
      this.mailbox = await Mailbox.start();
      this.env.SMTP_URL = this.mailbox.url;
    }
    const port = await freePort();
    this.env.PORT = String(port);
    const server = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/main.js')], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.process = server;
    this.lastLog = [];
    server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.lastLog.push(...chunk.split('\n').filter(Boolean));
      this.lastLog.splice(0, this.lastLog.length - 20);
    });
    this.url = `http://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 500; attempt++) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
      const healthy = await fetch(`${this.url}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server did not become healthy');
  }

  /**
   * Asks the server to stop (SIGTERM) and waits for it to exit. One that has not exited after
   * 20 s is killed with a warning on stderr and its last log lines (the shutdown logs a stage
   * still running after 5 s): a safety net, so that a shutdown hang cannot hold the run. The
   * HTTP close could wait forever on a connection that never completes a request, and 30 s on
   * a WebSocket client that does not answer its close; the server now cuts those after a grace
   * period. A server whose output had stopped being read could loop in its logger's flush
   * forever (issue 19); its logs no longer flush synchronously, and a shutdown now ends at its
   * deadline (SHUTDOWN_TIMEOUT_SECONDS) whatever holds it.
   */
  async stop(): Promise<void> {
    const server = this.process;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const hung = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), 20_000))),
    ]);
    clearTimeout(timer);
    if (hung) {
      process.stderr.write(
        `WARNING: the server did not exit within 20 s of SIGTERM; killed. Its last log lines:\n${this.lastLog.join('\n')}\n`,
      );
      server.kill('SIGKILL');
      await exited;
    }
  }

  /**
   * Sends the server a signal (SIGKILL: a crash, no shutdown hooks) and waits for it to exit;
   * resolves with how it exited (null if it was not running).
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit | null> {
    const server = this.process;
    if (!server || server.exitCode !== null || server.signalCode !== null) return null;
    const exited = new Promise<ProcessExit>((resolve) =>
      server.once('exit', (code, signal) => resolve({ code, signal })),
    );
    server.kill(signal);
    return exited;
  }

  /**
   * The log reader goes away: stops reading the server's standard output (so lines back up in
   * the pipe and then in the server), then closes the pipe's read end.
   */
  async loseLogReader(backUpWhile: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    const output = this.process?.stdout;
    if (!output) return;
    output.pause();
    await backUpWhile();
    output.destroy();
  }

  /** The server's last 20 lines of log (standard output), oldest first. */
  get recentLog(): string[] {
    return [...this.lastLog];
  }

  /** The server process's id, while it runs (to read its memory from /proc). */
  get pid(): number | undefined {
    return this.alive ? this.process!.pid : undefined;
  }

  /** Whether the server process is still running. */
  get alive(): boolean {
    return !!this.process && this.process.exitCode === null && this.process.signalCode === null;
  }

  /** Stops the server and removes its data (and its PostgreSQL schemas). */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownDataDir) rmSync(this.ownDataDir, { recursive: true, force: true });
    if (!this.ownsData) return;
    await this.mailbox?.close();
    rmSync(this.dataDir, { recursive: true, force: true });
    if (this.schema) {
      await withDatabase(async (client) => {
        for (const schema of [this.schema, this.readModelSchema])
          await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema!)} CASCADE`);
      });
    }
  }

  /** Runs the `tracker` CLI on the server's data; returns its stdout, trimmed. */
  tracker(...args: string[]): string {
    return execFileSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: this.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  }

  createToken(role: string, name: string, area?: string): string {
    return this.tracker(
      'token',
      'create',
      '--role',
      role,
      '--name',
      name,
      ...(area ? ['--area', area] : []),
    );
  }

  /**
   * Adds an account with the CLI (`tracker account add`) under an email of its own, made from
   * the name; a local authority officer reports for `area`. Returns the email.
   */
  createAccount(role: string, name: string, area?: string): string {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${randomBytes(3).toString('hex')}@example.org`;
    this.tracker(
      'account',
      'add',
      '--email',
      email,
      '--name',
      name,
      '--role',
      role,
      '--organisation',
      area ? `The council of ${area}` : 'Reform Tracker tests',
      ...(area ? ['--area', area] : []),
    );
    return email;
  }

  /** GET /health/detail as an admin: each projection's lag, lease and error, live subscribers. */
  async healthDetail(): Promise<{ status: number; body: HealthDetail }> {
    this.adminToken ??= this.createToken('ADMIN', 'Health Check');
    const response = await fetch(`${this.url}/health/detail`, {
      headers: { authorization: `Bearer ${this.adminToken}` },
    });
    return { status: response.status, body: (await response.json()) as HealthDetail };
  }

  async gql(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = null,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  }
}
