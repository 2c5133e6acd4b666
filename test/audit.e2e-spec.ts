import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { liveDigest } from './support/read-model-digest';
import { errorCode, ROOT, TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';

describe('audit: history, exports, rebuild and replay', () => {
  const server = new TrackerServer('audit');
  const tokens: Record<string, string> = {};
  const gql = (
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = tokens.auditor,
  ) => server.gql(query, variables, token);
  const TRAIL = `query($filter: AuditFilterInput, $first: Int, $after: String) {
    auditTrail(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { position } }
      nodes { position streamId version type occurredAt recordedAt actor { name role organisation } metadata }
    } }`;
  const cli = (...args: string[]): { status: number; stdout: string; stderr: string } => {
    try {
      const stdout = execFileSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
        env: server.env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { status: 0, stdout, stderr: '' };
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      return { status: failed.status, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const until = async (check: () => boolean | Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 100 && !(await check()); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  };

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.auditor = server.createToken('AUDITOR', 'Ed Auditor');
    tokens.lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
    const reported = await server.gql(
      `mutation($input: ReportMilestoneInput!) { reportMilestone(input: $input) { version } }`,
      {
        input: {
          programmeId: 'social-workers-in-schools',
          areaCode: LAMBETH,
          milestoneKey: 'schools-recruited',
          achievedOn: '2020-10-01',
        },
      },
      tokens.lambeth,
    );
    expect(reported.errors).toBeUndefined();
    // Seeding the shipped data (hundreds of enrolments) takes a while on PostgreSQL, on a busy machine.
  }, 120_000);
  afterAll(() => server.dispose());

  it('pages the whole history for an auditor, with metadata and global positions', async () => {
    const all = (await gql(TRAIL, { first: 100 })).data?.auditTrail;
    expect(all.totalCount).toBeGreaterThan(100);
    // The shipped sources are seeded first, in the file's order; then the recommendations, which name them.
    const sources = (
      JSON.parse(readFileSync(join(__dirname, '..', 'reference-data', 'sources.json'), 'utf8')) as {
        sources: { id: string }[];
      }
    ).sources;
    expect(all.nodes[0]).toMatchObject({
      position: 1,
      streamId: `source-${sources[0].id}`,
      version: 1,
      type: 'SourceAdded',
      actor: { role: 'ADMIN' },
    });
    expect(all.nodes.slice(0, sources.length).map((n: { streamId: string }) => n.streamId)).toEqual(
      sources.map((source) => `source-${source.id}`),
    );
    expect(all.nodes[sources.length]).toMatchObject({
      position: sources.length + 1,
      version: 1,
      type: 'RecommendationProposed',
      actor: { role: 'ADMIN' },
    });
    expect(all.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: all.edges[0].cursor,
      endCursor: all.edges[99].cursor,
    });
    expect(all.edges[99].node.position).toBe(all.nodes[99].position);
    const next = (await gql(TRAIL, { first: 100, after: all.pageInfo.endCursor })).data?.auditTrail;
    expect(next.nodes[0].position).toBe(all.nodes[99].position + 1);
    expect(next.pageInfo.hasPreviousPage).toBe(true);
  });

  it('filters by area, programme, role, type and time; a local authority sees its own area only', async () => {
    const mine = (await gql(TRAIL, { filter: { role: 'LOCAL_AUTHORITY' } })).data?.auditTrail;
    expect(mine.nodes).toEqual([
      expect.objectContaining({
        type: 'MilestoneAchieved',
        streamId: `rollout-social-workers-in-schools.${LAMBETH}`,
        actor: { name: 'Lou Lambeth', role: 'LOCAL_AUTHORITY', organisation: LAMBETH },
      }),
    ]);
    const cumbria = (await gql(TRAIL, { filter: { areaCode: 'E10000006' } })).data?.auditTrail;
    // Cumbria was enrolled in Social Workers in Schools and the Family Hubs Transformation Fund.
    expect(cumbria.nodes.map((n: { type: string }) => n.type)).toEqual([
      'AreaSucceeded',
      'AreaEnrolled',
      'AreaEnrolled',
    ]);
    const early = (
      await gql(TRAIL, {
        filter: {
          programmeId: 'social-workers-in-schools',
          eventType: 'AreaEnrolled',
          occurredTo: '2019-12-31',
        },
      })
    ).data?.auditTrail;
    expect(early.totalCount).toBe(3);
    expect(
      (await gql(TRAIL, { filter: { recordedTo: '2000-01-01' } })).data?.auditTrail.totalCount,
    ).toBe(0);
    expect(errorCode(await gql(TRAIL, { filter: { occurredFrom: 'last year' } }))).toBe(
      'BAD_USER_INPUT',
    );

    const asLambeth = (await gql(TRAIL, { first: 100 }, tokens.lambeth)).data?.auditTrail;
    expect(asLambeth.nodes.every((n: { streamId: string }) => n.streamId.endsWith(LAMBETH))).toBe(
      true,
    );
    // Its own report, and its enrolments in Social Workers in Schools and the Families First Partnership.
    expect(asLambeth.totalCount).toBe(3);
    expect(errorCode(await gql(TRAIL, {}, null))).toBe('UNAUTHENTICATED');
  });

  it('shows a local authority who did what and why for its own area only, on every path', async () => {
    const programmeId = 'social-workers-in-schools';
    const enrolled = (
      await gql(`{ programme(id: "${programmeId}") { rollout { areas { areaCode } } } }`)
    ).data?.programme.rollout.areas.map((area: { areaCode: string }) => area.areaCode);
    const other = (enrolled as string[]).find((code) => code !== LAMBETH)!;
    const reported = await server.gql(
      `mutation($input: ReportMilestoneInput!) { reportMilestone(input: $input) { version } }`,
      {
        input: {
          programmeId,
          areaCode: other,
          milestoneKey: 'schools-recruited',
          achievedOn: '2025-06-01',
          reason: 'As minuted by the head of children’s services',
          evidence: ['https://example.org/minutes'],
        },
      },
      tokens.board,
    );
    expect(reported.errors).toBeUndefined();
    const FIELDS =
      'type occurredAt actor { name } reason evidence commandId correlationId metadata';
    const timeline = async (area: string, token: string) =>
      (
        await server.gql(
          `query($area: ID!) { areaRollout(programmeId: "${programmeId}", areaCode: $area) { timeline { ${FIELDS} } } }`,
          { area },
          token,
        )
      ).data?.areaRollout.timeline as Record<string, unknown>[];
    const withheld = {
      actor: null,
      reason: null,
      evidence: [],
      commandId: null,
      correlationId: null,
      metadata: null,
    };

    expect((await timeline(other, tokens.board)).at(-1)).toMatchObject({
      type: 'MilestoneAchieved',
      actor: { name: 'Ada Board' },
      reason: 'As minuted by the head of children’s services',
    });
    // Another area's events: what happened and when, not who or why.
    expect((await timeline(other, tokens.lambeth)).at(-1)).toEqual({
      type: 'MilestoneAchieved',
      // Achieved on 1 June: from midnight in England (BST).
      occurredAt: '2025-05-31T23:00:00.000Z',
      ...withheld,
    });
    expect((await timeline(LAMBETH, tokens.lambeth)).at(-1)).toMatchObject({
      actor: { name: 'Lou Lambeth' },
    });

    // A recommendation's events are about no area: the board's acts, withheld the same way.
    const HISTORY = `{ recommendation(id: "CSC-SWIS") { history { ${FIELDS} } } }`;
    const full = (await server.gql(HISTORY, {}, tokens.board)).data?.recommendation.history;
    const seen = (await server.gql(HISTORY, {}, tokens.lambeth)).data?.recommendation.history;
    expect(full[0].actor).not.toBeNull();
    expect(seen).toEqual(
      full.map(({ type, occurredAt }: Record<string, unknown>) => ({
        type,
        occurredAt,
        ...withheld,
      })),
    );

    // And the audit trail, the record of who did what, does not list them for the officer.
    const trail = (await server.gql(TRAIL, { filter: { areaCode: other } }, tokens.lambeth)).data
      ?.auditTrail;
    expect(trail.totalCount).toBe(0);
  });

  it('exports the history as CSV and JSON lines, over HTTP and from the CLI', async () => {
    const get = (query: string, token: string | null = tokens.auditor) =>
      fetch(`${server.url}/exports/audit?${query}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const csv = await get('format=csv&areaCode=E10000006');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // As every CSV export: a UTF-8 byte order mark (fetch's text() would drop it) and CRLF.
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(header.split(',').slice(0, 6)).toEqual([
      'position',
      'recordedAt',
      'occurredAt',
      'streamId',
      'version',
      'type',
    ]);
    // Cumbria's succession and its enrolments in two programmes.
    expect(rows).toHaveLength(3);
    const jsonl = await get('format=jsonl&role=LOCAL_AUTHORITY');
    const events = (await jsonl.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; metadata: object });
    expect(events.map((event) => event.type)).toEqual(['MilestoneAchieved']);
    expect((await get('format=xml')).status).toBe(400);
    expect((await get('format=csv', null)).status).toBe(401);

    const fromCli = cli(
      'export',
      'audit',
      '--format',
      'jsonl',
      '--area',
      'E10000006',
      '--token',
      tokens.auditor,
    );
    expect(fromCli.status).toBe(0);
    expect(
      fromCli.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { type: string }).type),
    ).toEqual(['AreaSucceeded', 'AreaEnrolled', 'AreaEnrolled']);
    // Lambeth's report and its enrolments in Social Workers in Schools and the Families First Partnership.
    const scoped = cli('export', 'audit', '--format', 'jsonl', '--token', tokens.lambeth);
    expect(scoped.stdout.trim().split('\n')).toHaveLength(3);
    expect(cli('export', 'audit').status).toBe(2);
  });

  it('rebuilds the read models while the server runs: identical rows, and the server swaps to them', async () => {
    await until(async () =>
      (await server.healthDetail()).body.projections!.every((p) => p.lag === 0),
    );
    const live = await liveDigest(server);

    const rebuilt = cli('rebuild');
    expect(rebuilt.status).toBe(0);
    const report = JSON.parse(rebuilt.stdout) as {
      file: string;
      events: number;
      eventsPerSecond: number;
      rebuilt: string[];
    };
    expect(report.rebuilt.sort()).toEqual([
      'accounts',
      'area-rollouts',
      'audit-trail',
      'evaluations',
      'funding',
      'programmes',
      'recommendations',
      'rollout-history',
      'sources',
    ]);
    if (server.readModelSchema) {
      // A schema built beside the live one and renamed into its place.
      expect(report.file).toMatch(/_r[0-9a-z]+$/);
    } else {
      const pointer = join(server.dataDir, 'read-models.sqlite.current');
      expect(readFileSync(pointer, 'utf8')).toBe(report.file.split('/').pop());
    }

    // The server moves over within a second and carries on from the new read models.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await liveDigest(server)).toEqual(live);
    const after = await server.gql(
      `mutation($input: ReportStatusInput!) { reportStatus(input: $input) { status { rag } } }`,
      {
        input: {
          programmeId: 'social-workers-in-schools',
          areaCode: LAMBETH,
          rag: 'GREEN',
          commentary: 'On track',
          periodStart: '2020-10-01',
          periodEnd: '2020-12-31',
        },
      },
      tokens.lambeth,
    );
    expect(after.data?.reportStatus.status.rag).toBe('GREEN');
    const trail = (await gql(TRAIL, { filter: { eventType: 'StatusReported' } })).data?.auditTrail;
    expect(trail.totalCount).toBe(1);
    expect((await liveDigest(server)).audit_entries).not.toEqual(live.audit_entries);

    expect(cli('rebuild', 'no-such-model').status).toBe(2);
  });

  it('replays a stream and a read model to a position or an instant', async () => {
    const stream = `rollout-social-workers-in-schools.${LAMBETH}`;
    const enrolled = (await gql(TRAIL, { filter: { streamId: stream } })).data?.auditTrail.nodes[0];
    const atEnrolment = JSON.parse(
      cli('replay', '--to', String(enrolled.position), '--stream', stream).stdout,
    ) as {
      version: number;
      state: { achievements: object; enrolledOn: string };
    };
    expect(atEnrolment).toMatchObject({
      version: 1,
      state: { enrolledOn: '2019-01-01', achievements: {} },
    });
    const now = JSON.parse(
      cli('replay', '--to', new Date().toISOString(), '--stream', stream).stdout,
    ) as { version: number };
    expect(now.version).toBe(3);
    const rows = JSON.parse(
      cli('replay', '--to', String(enrolled.position), '--read-model', 'recommendations').stdout,
    ) as {
      recommendations: unknown[];
    };
    const shipped = JSON.parse(
      readFileSync(join(__dirname, '..', 'reference-data', 'recommendations.json'), 'utf8'),
    ) as { recommendations: unknown[] };
    expect(rows.recommendations).toHaveLength(shipped.recommendations.length);
    expect(cli('replay', '--to', 'never', '--stream', stream).status).toBe(2);
  });
});
