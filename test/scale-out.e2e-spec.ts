import { expectCutOffOnRevoke, LiveSocket } from './support/live-socket';
import { liveDigest } from './support/read-model-digest';
import { SignedInClient } from './support/signed-in-client';
import { E2E_EVENT_STORE, errorCode, TrackerServer } from './support/tracker-server';

const PROGRAMME = 'social-workers-in-schools';
const REPORT = `mutation($input: ReportStatusInput!) { reportStatus(input: $input) { status { rag commentary } } }`;
const ROLLOUT = `query { programme(id: "${PROGRAMME}") { rollout { areas { areaCode inheritedFrom status { commentary } } } } }`;
const WHO_AM_I = `query { whoAmI { id role } }`;
const STATUS_TRAIL = `query { auditTrail(filter: { eventType: "StatusReported" }, first: 1) { totalCount } }`;

// Several processes share read models only in PostgreSQL; the SQLite pass has one process.
const describeOnPostgres = E2E_EVENT_STORE === 'postgres' ? describe : describe.skip;
if (E2E_EVENT_STORE !== 'postgres') {
  console.warn(
    'Skipping the scale-out tests: they run in the PostgreSQL pass (test/e2e-postgres.js)',
  );
}

describeOnPostgres('scale-out: two API processes on one PostgreSQL database', () => {
  const first = new TrackerServer('scale-out');
  let second: TrackerServer;
  let admin: string;
  let areas: string[];
  let written = 0;

  const health = async (server: TrackerServer) => {
    const { body } = await server.healthDetail();
    return { projections: body.projections ?? [] };
  };
  /** Which projections each server leads, by name. */
  const leadership = async (servers: TrackerServer[]): Promise<string[][]> =>
    Promise.all(
      servers.map(async (server) =>
        (await health(server)).projections.filter((p) => p.leader).map((p) => p.name),
      ),
    );
  const until = async (check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** Reports a status through `server`; the answer already shows it (read your writes). */
  const report = async (server: TrackerServer, areaCode: string): Promise<void> => {
    const commentary = `report ${++written} via ${server === first ? 'first' : 'second'}`;
    const response = await server.gql(
      REPORT,
      {
        input: {
          programmeId: PROGRAMME,
          areaCode,
          rag: 'AMBER',
          commentary,
          periodStart: '2026-01-01',
          periodEnd: '2026-03-31',
        },
      },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.reportStatus.status.commentary).toBe(commentary);
  };
  /** Each area's latest commentary, as a server's read models hold it. */
  const statuses = async (server: TrackerServer): Promise<Record<string, string | null>> => {
    const response = await server.gql(ROLLOUT, {}, admin);
    const rows = (
      response.data?.programme.rollout.areas as {
        areaCode: string;
        inheritedFrom: string | null;
        status: { commentary: string } | null;
      }[]
    ).filter((row) => row.inheritedFrom === null); // a successor reports under its own code
    return Object.fromEntries(rows.map((row) => [row.areaCode, row.status?.commentary ?? null]));
  };

  beforeAll(async () => {
    await first.start();
    // A DATA_DIR of its own, as on another host: all it shares with the first is PostgreSQL.
    second = new TrackerServer('scale-out', {}, first, { ownDataDir: true });
    await second.start();
    admin = first.createToken('ADMIN', 'Ops Admin');
    const rollout = await statuses(first);
    areas = Object.keys(rollout).slice(0, 8);
  });

  afterAll(async () => {
    await second.dispose();
    await first.dispose();
  });

  it('runs each projection in exactly one of the processes', async () => {
    await until(async () => {
      const [a, b] = await leadership([first, second]);
      return a.length + b.length === (await health(first)).projections.length;
    });
    const [a, b] = await leadership([first, second]);
    expect([...a, ...b].sort()).toEqual(
      (await health(first)).projections.map((p) => p.name).sort(),
    );
    expect(a.filter((name) => b.includes(name))).toEqual([]);
  });

  it('accepts a token created through either server’s CLI in both, and refuses one revoked through either in both at once', async () => {
    expect(second.dataDir).not.toBe(first.dataDir);
    const tokenId = (token: string): string => token.slice(3, 39);
    const roleIn = async (server: TrackerServer, token: string): Promise<string | undefined> =>
      (await server.gql(WHO_AM_I, {}, token)).data?.whoAmI.role;
    const refusedIn = async (server: TrackerServer, token: string): Promise<string | undefined> =>
      errorCode(await server.gql(WHO_AM_I, {}, token));

    const auditor = first.createToken('AUDITOR', 'Audit One');
    const board = second.createToken('BOARD_MEMBER', 'Board Two');
    for (const server of [first, second]) {
      expect(await roleIn(server, auditor)).toBe('AUDITOR');
      expect(await roleIn(server, board)).toBe('BOARD_MEMBER');
    }

    second.tracker('token', 'revoke', tokenId(auditor));
    first.tracker('token', 'revoke', tokenId(board));
    for (const server of [first, second]) {
      expect(await refusedIn(server, auditor)).toBe('UNAUTHENTICATED');
      expect(await refusedIn(server, board)).toBe('UNAUTHENTICATED');
    }
    expect(second.tracker('token', 'list')).toContain(`${tokenId(auditor)}\tAUDITOR\t-\trevoked`);
  });

  it('closes a WebSocket to one process within a few seconds of its token being revoked through the other', async () => {
    const token = first.createToken('AUDITOR', 'Live Auditor');
    const socket = await LiveSocket.open(second);
    try {
      expect(await socket.initialise({ authorization: `Bearer ${token}` })).toBe(true);
      socket.subscribe('1');
      await expectCutOffOnRevoke(first, token, socket);
    } finally {
      socket.close();
    }
  });

  it("shares the signed-in pages' sessions: signed in on one process, signed out on the other", async () => {
    const onFirst = await SignedInClient.signIn(
      first,
      first.createAccount('BOARD_MEMBER', 'Ada Both'),
    );
    // The same browser, its requests sent to the other process by a load balancer.
    const onSecond = new SignedInClient(second.url, onFirst);
    expect((await onSecond.get('/overview')).status).toBe(200);
    expect((await onSecond.postForm('/sign-out', {})).location).toBe('/signed-out');
    const after = await onFirst.get('/overview');
    expect([after.status, after.location]).toEqual([303, '/sign-in?next=%2Foverview']);
  });

  it('takes writes in both processes, and each reads the other’s at once', async () => {
    for (const [index, area] of areas.entries()) {
      await report(index % 2 ? second : first, area);
    }
    const [seenByFirst, seenBySecond] = await Promise.all([statuses(first), statuses(second)]);
    expect(seenBySecond).toEqual(seenByFirst);
    expect(areas.map((area) => seenByFirst[area])).toEqual(
      areas.map((_, index) => `report ${index + 1} via ${index % 2 ? 'second' : 'first'}`),
    );
  });

  it('hands the projections over when their leader is killed, and the read models converge', async () => {
    const [a] = await leadership([first, second]);
    const [leader, survivor] = a.length > 0 ? [first, second] : [second, first];
    await leader.kill('SIGKILL');
    const killedAt = Date.now();

    // Writes go on through the survivor while it takes the projections over.
    for (const area of areas) await report(survivor, area);
    await until(async () => {
      const { projections } = await health(survivor);
      return projections.every((p) => p.leader && p.lag === 0);
    });
    process.stderr.write(`projections taken over within ${Date.now() - killedAt} ms of the kill\n`);

    const trail = await survivor.gql(STATUS_TRAIL, {}, admin);
    expect(trail.data?.auditTrail.totalCount).toBe(written);
    const latest = await statuses(survivor);
    expect(areas.map((area) => latest[area])).toEqual(
      areas.map(
        (_, index) =>
          `report ${areas.length + index + 1} via ${survivor === first ? 'first' : 'second'}`,
      ),
    );

    // Converged: the read models equal a rebuild from the events, row for row.
    const live = await liveDigest(survivor);
    survivor.tracker('rebuild');
    expect(await liveDigest(survivor)).toEqual(live);

    // The killed process comes back as a stand-by and still reads every write.
    await leader.start();
    expect(await statuses(leader)).toEqual(latest);
    expect((await leadership([leader]))[0]).toEqual([]);
  });
});
