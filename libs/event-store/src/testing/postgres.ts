import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { Client, escapeIdentifier } from 'pg';

/** The server every PostgreSQL test uses: TEST_DATABASE_URL, else the local one. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

/**
 * Why the server cannot be used, or null when it answers a query. Synchronous (a child
 * process), because jest collects describe blocks synchronously: whether to skip must be
 * known before any hook runs.
 */
export function postgresUnreachable(url: string): string | null {
  const script = `
    const { Client } = require(${JSON.stringify(require.resolve('pg'))});
    const client = new Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 5000 });
    client.connect().then(() => client.query('SELECT 1')).then(() => client.end()).then(
      () => process.exit(0),
      (error) => { process.stderr.write(String(error.message || error)); process.exit(1); },
    );
  `;
  const probe = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    timeout: 15_000,
    env: { ...process.env, PROBE_URL: url },
  });
  if (probe.status === 0) return null;
  return probe.stderr.trim() || probe.error?.message || `the probe ended with ${probe.status}`;
}

/**
 * `describe` for tests that need PostgreSQL. Without a reachable server they are skipped and
 * the reason printed; under CI=true they fail instead, so a missing server is never mistaken
 * for a passing run.
 */
export function describeWithPostgres(name: string, body: (url: string) => void): void {
  const url = testDatabaseUrl();
  const unreachable = postgresUnreachable(url);
  if (unreachable === null) {
    describe(name, () => body(url));
    return;
  }
  const reason = `PostgreSQL at ${redacted(url)} is not reachable (${unreachable})`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL under CI=true', () => {
        throw new Error(reason);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${reason}. Start it or set TEST_DATABASE_URL.`);
  describe.skip(name, () => body(url));
}

/** A schema name of its own for one test file: `test_<label>_<random hex>`. */
export function uniqueSchemaName(label: string): string {
  return `test_${label}_${randomBytes(4).toString('hex')}`;
}

/** Runs `work` on a connection of its own, closed afterwards. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (client) =>
    client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`),
  );
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
