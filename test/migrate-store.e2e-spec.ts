import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import { join } from 'path';
import { Client, escapeIdentifier } from 'pg';
import { postgresUnreachable } from '../libs/event-store/src/testing/postgres';
import { E2E_EVENT_STORE, ROOT, TrackerServer } from './support/tracker-server';

/** Every column of an event, as the test reads it from the database itself. */
interface StoredEvent {
  eventId: string;
  streamId: string;
  version: number;
  position: number;
  type: string;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

type StoreEnv = NodeJS.ProcessEnv;

async function storedEvents(env: StoreEnv): Promise<StoredEvent[]> {
  if (env.EVENT_STORE === 'postgres') {
    const client = new Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<Record<string, any>>(
        `SELECT * FROM ${escapeIdentifier(env.DATABASE_SCHEMA ?? '')}.events ORDER BY position`,
      );
      return rows.map((row) => ({
        eventId: row.event_id,
        streamId: row.stream_id,
        version: row.version,
        position: Number(row.position),
        type: row.type,
        data: row.data,
        metadata: row.metadata,
        recordedAt: (row.recorded_at as Date).toISOString(),
      }));
    } finally {
      await client.end();
    }
  }
  const db = new Database(join(env.DATA_DIR ?? '', 'events.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT * FROM events ORDER BY position').all() as Record<
      string,
      any
    >[];
    return rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      version: row.version,
      position: row.position,
      type: row.type,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
      recordedAt: row.recorded_at,
    }));
  } finally {
    db.close();
  }
}

const E2E_DATABASE_URL =
  process.env.E2E_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';
/** The pass on SQLite migrates to PostgreSQL; the pass on PostgreSQL migrates to SQLite. */
const TARGET_KIND = E2E_EVENT_STORE === 'postgres' ? 'sqlite' : 'postgres';
const unreachable = TARGET_KIND === 'postgres' ? postgresUnreachable(E2E_DATABASE_URL) : null;
if (unreachable !== null && process.env.CI !== 'true') {
  console.warn(
    `Skipping tracker migrate-store to PostgreSQL: the server is not reachable (${unreachable})`,
  );
}

const RECOMMENDATION = `query($id: ID!) { recommendation(id: $id) {
  id title stage version history { type version position recordedAt commandId }
} }`;

/**
 * `tracker migrate-store` from the outside: a store written by the server, sealed, copied to
 * the other kind in three runs (one stopped early, one killed), then verified and served.
 */
(unreachable !== null && process.env.CI !== 'true' ? describe.skip : describe)(
  `tracker migrate-store --from ${E2E_EVENT_STORE} --to ${TARGET_KIND}`,
  () => {
    jest.setTimeout(120_000);
    const source = new TrackerServer('migrate-source');
    const targetSchema = `e2e_migrated_${randomBytes(4).toString('hex')}`;
    const target = new TrackerServer(
      'migrate-target',
      TARGET_KIND === 'postgres'
        ? { EVENT_STORE: 'postgres', DATABASE_URL: E2E_DATABASE_URL, DATABASE_SCHEMA: targetSchema }
        : { EVENT_STORE: 'sqlite' },
    );
    /** The target's settings, with the source's beside them (the two kinds use different ones). */
    const migrationEnv: StoreEnv = {
      ...target.env,
      ...(source.schema
        ? { DATABASE_URL: source.env.DATABASE_URL, DATABASE_SCHEMA: source.schema }
        : { DATA_DIR: source.dataDir }),
    };
    const args = ['migrate-store', '--from', E2E_EVENT_STORE, '--to', TARGET_KIND];
    const migrate = (...extra: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args, ...extra], {
        env: migrationEnv,
        encoding: 'utf8',
      });
    const report = (output: string) => JSON.parse(output) as Record<string, number | boolean>;
    const id = 'E2E-MIGRATE-1';
    const propose = (server: TrackerServer, recommendation: string) =>
      server.gql(
        `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
        {
          input: {
            id: recommendation,
            title: 'Move me',
            theme: 'Implementation',
            sourceId: 'ircsc-final-report-2022',
            occurredAt: '2022-05-23T00:00:00Z',
          },
        },
        server.createToken('BOARD_MEMBER', 'Ada Board'),
      );
    let sourceEvents: StoredEvent[];
    let served: unknown;

    beforeAll(async () => {
      await source.start();
      const board = source.createToken('BOARD_MEMBER', 'Ada Board');
      expect((await propose(source, id)).errors).toBeUndefined();
      expect(source.tracker('seal')).toMatch(/^[0-9a-f]{64}\t\d+$/);
      const accepted = await source.gql(
        `mutation($input: AcceptRecommendationInput!) { acceptRecommendation(input: $input) { id } }`,
        {
          input: {
            id,
            decision: 'ACCEPTED_IN_FULL',
            reason: 'Agreed',
            occurredAt: '2022-06-01T00:00:00Z',
          },
        },
        board,
      );
      expect(accepted.errors).toBeUndefined();
      served = (await source.gql(RECOMMENDATION, { id }, board)).data;
      // Stopped, so that the copy is compared with a store nothing else writes to.
      await source.stop();
      sourceEvents = await storedEvents({ ...source.env });
    });
    afterAll(async () => {
      await source.dispose();
      await target.dispose();
      if (TARGET_KIND === 'postgres') {
        const client = new Client({ connectionString: E2E_DATABASE_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(targetSchema)} CASCADE`);
        await client.end();
      }
    });

    it('copies part of the store when stopped early, with a progress bar', () => {
      const first = migrate('--batch-size', '10', '--max-events', '25');
      expect(first.stderr).toContain('copied: [');
      expect(first.status).toBe(0);
      expect(report(first.stdout)).toMatchObject({ copied: 25, complete: false });
      expect(first.stderr).toMatch(/stopped at position \d+ of \d+: run again to go on/);
    });

    it('goes on after a run killed part-way, then finds the target complete', async () => {
      // Killed once it has copied something; however far it got, the next run goes on from there.
      const killed = spawn(
        process.execPath,
        [join(ROOT, 'bin/tracker'), ...args, '--batch-size', '1'],
        { env: migrationEnv, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      await new Promise<void>((resolve) => {
        killed.stderr.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('copied: [')) killed.kill('SIGKILL');
        });
        killed.on('exit', () => resolve());
      });

      const resumed = migrate('--batch-size', '10');
      expect(resumed.status).toBe(0);
      const { alreadyCopied, copied } = report(resumed.stdout);
      expect(alreadyCopied).toBeGreaterThanOrEqual(25);
      expect(Number(alreadyCopied) + Number(copied)).toBe(sourceEvents.length);
      expect(report(resumed.stdout).complete).toBe(true);

      const again = migrate();
      expect(again.status).toBe(0);
      expect(report(again.stdout)).toMatchObject({
        alreadyCopied: sourceEvents.length,
        copied: 0,
        complete: true,
      });
      expect(again.stderr).toContain('already holds every event');
    });

    it('leaves every event as it was: id, stream, version, position, type, data, metadata, recordedAt', async () => {
      expect(await storedEvents(target.env)).toEqual(sourceEvents);
    });

    it('passes tracker verify on the target, seals included', () => {
      const verify = spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), 'verify'], {
        env: target.env,
        encoding: 'utf8',
      });
      expect(verify.stdout).toMatch(
        new RegExp(`^Audit trail intact: ${sourceEvents.length} events in \\d+ streams`),
      );
      expect(verify.stdout).toMatch(/; [1-9]\d* seals, the last at position \d+/);
      expect(verify.status).toBe(0);
    });

    it('serves the migrated events from a server on the target', async () => {
      await target.start();
      const auditor = target.createToken('AUDITOR', 'Ann Auditor');
      const response = await target.gql(RECOMMENDATION, { id }, auditor);
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual(served);
    });

    it('refuses once the target holds events the source does not, writing nothing (exit 2)', async () => {
      const proposed = await propose(target, 'E2E-MIGRATE-2');
      expect(proposed.errors).toBeUndefined();
      await target.stop();
      const before = await storedEvents(target.env);
      const refused = migrate();
      expect(refused.stderr).toContain("holds events that are not the source's first ones");
      expect(refused.status).toBe(2);
      expect(await storedEvents(target.env)).toEqual(before);
    });
  },
);
