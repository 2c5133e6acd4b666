import Database from 'better-sqlite3';
import { spawnSync } from 'child_process';
import { join } from 'path';
import { Client, escapeIdentifier } from 'pg';
import { alterEventData } from './support/tampering';
import { errorCode, ROOT, TrackerServer } from './support/tracker-server';

const VERIFY = `query($expect: [String!]) { verifyAuditTrail(expectSeals: $expect) {
  ok eventsChecked streamsChecked sealsChecked sealRecordEntries unchainedEvents checkedUpTo problemCount
  lastSeal { position hash sealedUpTo }
  problems { kind streamId position version message }
} }`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Tamper evidence from the outside: `tracker verify` and `tracker seal` on a running server's
 * data, `verifyAuditTrail` over GraphQL, and the store changed behind the server's back.
 */
describe('tamper evidence over the CLI and GraphQL', () => {
  // Sealing every second, so the periodic seal shows within the test.
  const server = new TrackerServer('audit-verify', { SEAL_INTERVAL_SECONDS: '1' });
  const id = 'E2E-AUDIT-1';
  let auditor: string;
  let board: string;
  let localAuthority: string;

  const tracker = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: server.env,
      encoding: 'utf8',
    });
  const verify = async (token = auditor, expect: string[] = []) =>
    server.gql(VERIFY, { expect }, token);

  /** Deletes the newest `count` stored rows, as someone with access to the store could; their types. */
  async function removeNewest(count: number): Promise<string[]> {
    if (server.schema) {
      const client = new Client({ connectionString: server.env.DATABASE_URL });
      await client.connect();
      try {
        const events = `${escapeIdentifier(server.schema)}.events`;
        const { rows } = await client.query<{ type: string }>(
          `DELETE FROM ${events} WHERE position IN
             (SELECT position FROM ${events} ORDER BY position DESC LIMIT $1)
           RETURNING type`,
          [count],
        );
        return rows.map((row) => row.type).sort();
      } finally {
        await client.end();
      }
    }
    const db = new Database(join(server.dataDir, 'events.sqlite'));
    try {
      const rows = db
        .prepare('SELECT position, type FROM events ORDER BY position DESC LIMIT ?')
        .all(count) as { position: number; type: string }[];
      for (const row of rows) db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
      return rows.map((row) => row.type).sort();
    } finally {
      db.close();
    }
  }

  /** Global position of a recommendation's first event. */
  const positionOf = async (recommendation: string): Promise<number> => {
    const history = await server.gql(
      `query($id: ID!) { recommendation(id: $id) { history { position } } }`,
      { id: recommendation },
      auditor,
    );
    return (history.data?.recommendation.history as { position: number }[])[0].position;
  };

  beforeAll(async () => {
    await server.start();
    auditor = server.createToken('AUDITOR', 'Ann Auditor');
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
    localAuthority = server.createToken('LOCAL_AUTHORITY', 'Lambeth', 'E09000022');
    const proposed = await server.gql(
      `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
      {
        input: {
          id,
          title: 'Audit me',
          theme: 'Implementation',
          sourceId: 'ircsc-final-report-2022',
          occurredAt: '2022-05-23T00:00:00Z',
        },
      },
      board,
    );
    expect(proposed.errors).toBeUndefined();
  });
  afterAll(() => server.dispose());

  it('passes an untouched store: tracker verify exits 0 and verifyAuditTrail says ok', async () => {
    const cli = tracker('verify');
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^Audit trail intact: \d+ events in \d+ streams/);
    const response = await verify();
    expect(response.errors).toBeUndefined();
    expect(response.data?.verifyAuditTrail).toMatchObject({
      ok: true,
      unchainedEvents: 0,
      problemCount: 0,
      problems: [],
    });
    expect(response.data?.verifyAuditTrail.eventsChecked).toBeGreaterThan(100);
  });

  it('seals periodically, and tracker seal prints a hash that verify can then expect', async () => {
    const proposedAt = await positionOf(id);
    let sealedUpTo = 0;
    for (let attempt = 0; attempt < 50 && sealedUpTo < proposedAt; attempt++) {
      await pause(200);
      sealedUpTo = (await verify()).data?.verifyAuditTrail.lastSeal?.sealedUpTo ?? 0;
    }
    expect(sealedUpTo).toBeGreaterThanOrEqual(proposedAt);

    const sealed = tracker('seal');
    expect(sealed.status).toBe(0);
    const [hash, position] = sealed.stdout.trim().split('\t');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(position)).toBeGreaterThan(proposedAt);
    expect(tracker('verify', '--expect-seal', hash).status).toBe(0);
    const expected = await verify(auditor, [hash]);
    expect(expected.data?.verifyAuditTrail.ok).toBe(true);
    // Every seal, periodic or asked for, is in the seal record too.
    expect(expected.data?.verifyAuditTrail.sealRecordEntries).toBe(
      expected.data?.verifyAuditTrail.sealsChecked,
    );
    const unknown = tracker('verify', '--expect-seal', 'ab'.repeat(32));
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain('SEAL_MISMATCH');
  });

  it('is for auditors, the board and admins: a local authority is refused', async () => {
    expect((await verify(board)).data?.verifyAuditTrail.ok).toBe(true);
    expect(errorCode(await verify(localAuthority))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(VERIFY, {}, null))).toBe('UNAUTHENTICATED');
  });

  it('names an event changed behind the store: exit 1, and the same report to an auditor', async () => {
    const position = await positionOf(id);
    await alterEventData(server, position, { title: 'Forged' });

    const cli = tracker('verify');
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(/^Audit trail DAMAGED: 1 problem\(s\)/);
    expect(cli.stdout).toMatch(
      new RegExp(`ALTERED\\s+recommendation-${id}\\s+position ${position}\\s+version 1: `),
    );
    const response = await verify();
    expect(response.data?.verifyAuditTrail).toMatchObject({
      ok: false,
      problemCount: 1,
      problems: [
        {
          kind: 'ALTERED',
          streamId: `recommendation-${id}`,
          position,
          version: 1,
          message: 'its contents no longer match its hash',
        },
      ],
    });
  });

  it('names the seal written at shutdown removed with the last event, with no seal published', async () => {
    const withdrawn = await server.gql(
      `mutation { withdrawRecommendation(input: { id: "${id}", reason: "Last words" }) { id } }`,
      {},
      board,
    );
    expect(withdrawn.errors).toBeUndefined();
    await server.stop(); // seals once more as it stops, unless a periodic seal came first
    expect(await removeNewest(2)).toEqual(['AuditTrailSealed', 'RecommendationWithdrawn']);

    const cli = tracker('verify');
    expect(cli.status).toBe(1);
    expect(cli.stdout).toMatch(
      /TRUNCATED\s+audit-seals\s+position \d+\s+version \d+: the seal record/,
    );
  });
});
