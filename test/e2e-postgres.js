#!/usr/bin/env node
// The end-to-end suite again, with every server on PostgreSQL (each in a fresh schema of
// E2E_DATABASE_URL, default the local server). Run after `npm run build`; extra arguments go to
// jest. Without a reachable server the pass is skipped with the reason printed, except under
// CI=true, where that is a failure: a missing server must never pass for a green run.
const { spawnSync } = require('child_process');
const { join } = require('path');
const { Client } = require('pg');

const root = join(__dirname, '..');
const url = process.env.E2E_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';

function redacted(raw) {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

async function unreachable() {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main() {
  const problem = await unreachable();
  if (problem !== null) {
    const reason = `PostgreSQL at ${redacted(url)} is not reachable (${problem})`;
    if (process.env.CI === 'true') {
      console.error(`The end-to-end suite on PostgreSQL cannot run under CI=true: ${reason}.`);
      return 1;
    }
    console.warn(
      `Skipping the end-to-end suite on PostgreSQL: ${reason}. Start it or set E2E_DATABASE_URL.`,
    );
    return 0;
  }
  console.log(`End-to-end suite on PostgreSQL (${redacted(url)}), a fresh schema per server`);
  const jest = spawnSync(
    process.execPath,
    [
      require.resolve('jest/bin/jest'),
      '--config',
      'test/jest-e2e.config.js',
      '--runInBand',
      ...process.argv.slice(2),
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, E2E_EVENT_STORE: 'postgres', E2E_DATABASE_URL: url },
    },
  );
  if (jest.error) throw jest.error;
  return jest.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
