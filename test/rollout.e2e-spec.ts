import { errorCode, TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const CUMBRIA = 'E10000006';
const CUMBERLAND = 'E06000063';
const WESTMORLAND = 'E06000064';
/** "Today" is pinned so overdue milestones are stable (CLOCK_FIXED_AT). */
const TODAY = '2026-11-23';

const ROLLOUT = `query($id: ID!) { programme(id: $id) {
  id name recommendations version milestones { key title description targetDate }
  rollout { today
    areas { areaCode areaName region stage inheritedFrom lastMilestone { key achievedOn } status { rag commentary period } overdue { key targetDate daysOverdue } }
    byRegion { regionCode regionName enrolled milestonesAchieved overdue }
    coverage { enrolled totalAreas percentComplete }
  }
} }`;
const AREA = `query($programmeId: ID!, $areaCode: ID!) { areaRollout(programmeId: $programmeId, areaCode: $areaCode) {
  areaCode areaName version stage inheritedFrom replacedBy replacedOn lastMilestone { key achievedOn }
  milestones { key achievedOn targetDate overdue } status { rag period }
  timeline { streamId type version data occurredAt recordedAt reason evidence commandId actor { name role organisation } }
} }`;

describe('programme rollout over HTTP', () => {
  const server = new TrackerServer('rollout', { CLOCK_FIXED_AT: `${TODAY}T12:00:00Z` });
  const tokens: Record<string, string> = {};
  let n = 0;
  const programmeId = (): string => `e2e-programme-${++n}`;
  const gql = (
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = tokens.board,
  ) => server.gql(query, variables, token);
  const mutate = (
    name: string,
    input: Record<string, unknown>,
    token: string | null = tokens.board,
    fields = 'areaCode version stage',
  ) =>
    gql(
      `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${fields} } }`,
      { input },
      token,
    );
  const area = async (programme: string, areaCode: string) =>
    (await gql(AREA, { programmeId: programme, areaCode })).data?.areaRollout as Record<
      string,
      any
    >;

  /** A programme of three milestones, the first with a national target, enrolled in Lambeth and Southwark. */
  const createProgramme = async (): Promise<string> => {
    const id = programmeId();
    const created = await mutate(
      'createProgramme',
      {
        id,
        name: `Programme ${id}`,
        recommendations: ['CSC-SWIS'],
        milestones: [
          { key: 'schools-recruited', title: 'Schools recruited', targetDate: '2026-01-31' },
          {
            key: 'social-workers-in-post',
            title: 'Social workers in post',
            targetDate: '2026-06-30',
          },
          {
            key: 'trial-data-returned',
            title: 'Trial data returned',
            description: 'To the evaluator',
          },
        ],
      },
      tokens.board,
      'id version milestones { key targetDate }',
    );
    expect(created.errors).toBeUndefined();
    for (const areaCode of [LAMBETH, SOUTHWARK]) {
      expect(
        (await mutate('enrolArea', { programmeId: id, areaCode, enrolledOn: '2025-09-01' })).errors,
      ).toBeUndefined();
    }
    return id;
  };

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.admin = server.createToken('ADMIN', 'Ann Admin');
    tokens.auditor = server.createToken('AUDITOR', 'Ed Auditor');
    tokens.lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
  });
  afterAll(() => server.dispose());

  it('serves the shipped programmes with their real areas, and Cumbria under its successors', async () => {
    const list = await gql('{ programmes { id recommendations milestones { key } } }');
    expect(list.data?.programmes.map((p: { id: string }) => p.id).sort()).toEqual([
      'families-first-for-children',
      'families-first-partnership',
      'family-hubs-trailblazers',
      'family-hubs-transformation-fund',
      'family-networks-pilot',
      'fostering-recruitment-hubs',
      'kinship-allowance-pilot',
      'regional-care-cooperatives',
      'social-work-early-career-framework',
      'social-workers-in-schools',
    ]);
    const swis = (await gql(ROLLOUT, { id: 'social-workers-in-schools' })).data?.programme;
    expect(swis.recommendations).toEqual(['CSC-SWIS', 'CSC-EDUCATION']);
    const codes = swis.rollout.areas.map((a: { areaCode: string }) => a.areaCode);
    expect(codes).toEqual(expect.arrayContaining([CUMBERLAND, WESTMORLAND, LAMBETH]));
    expect(codes).not.toContain(CUMBRIA);
    expect(
      swis.rollout.areas.find((a: { areaCode: string }) => a.areaCode === CUMBERLAND).inheritedFrom,
    ).toEqual([CUMBRIA]);
    // 21 trial areas, one of them Cumbria shown as its two successors, plus two pilot-only areas.
    expect(swis.rollout.coverage).toEqual({ enrolled: 24, totalAreas: 153, percentComplete: 0 });
    const hubs = (await gql(ROLLOUT, { id: 'family-hubs-trailblazers' })).data?.programme;
    expect(hubs.rollout.coverage.enrolled).toBe(14);
    // Every local authority in the Families First Partnership; the fostering hub of Cumbria and
    // Lancashire names the successors, and the Transformation Fund Cumbria itself (2023).
    const partnership = (await gql(ROLLOUT, { id: 'families-first-partnership' })).data?.programme;
    expect(partnership.rollout.coverage.enrolled).toBe(153);
    const fostering = (await gql(ROLLOUT, { id: 'fostering-recruitment-hubs' })).data?.programme;
    expect(fostering.rollout.coverage.enrolled).toBe(37);
    const fund = (await gql(ROLLOUT, { id: 'family-hubs-transformation-fund' })).data?.programme;
    expect(fund.rollout.areas.map((a: { areaCode: string }) => a.areaCode)).toEqual(
      expect.arrayContaining([CUMBERLAND, WESTMORLAND]),
    );

    const authorities = (
      await gql('{ localAuthorities(region: "North West") { areaCode name successors current } }')
    ).data?.localAuthorities;
    expect(authorities.find((a: { areaCode: string }) => a.areaCode === CUMBRIA)).toEqual({
      areaCode: CUMBRIA,
      name: 'Cumbria',
      successors: [CUMBERLAND, WESTMORLAND],
      current: false,
    });
    const all = (await gql('{ localAuthorities { areaCode current } }')).data?.localAuthorities;
    expect(all.filter((a: { current: boolean }) => a.current)).toHaveLength(153);
    expect(errorCode(await gql('{ localAuthorities(region: "Atlantis") { areaCode } }'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('reports milestones and statuses, with the roll-up, regions, coverage and overdue on a pinned today', async () => {
    const id = await createProgramme();
    const reported = await mutate(
      'reportMilestone',
      {
        programmeId: id,
        areaCode: LAMBETH,
        milestoneKey: 'schools-recruited',
        achievedOn: '2025-12-01',
        note: '12 schools',
        evidence: ['https://example.org/minutes'],
      },
      tokens.lambeth,
      'areaCode version stage lastMilestone { key achievedOn }',
    );
    expect(reported.data?.reportMilestone).toEqual({
      areaCode: LAMBETH,
      version: 2,
      stage: 'IN_PROGRESS',
      lastMilestone: { key: 'schools-recruited', achievedOn: '2025-12-01' },
    });
    await mutate('reportStatus', {
      programmeId: id,
      areaCode: SOUTHWARK,
      rag: 'RED',
      commentary: 'No schools yet',
      periodStart: '2026-07-01',
      periodEnd: '2026-09-30',
    });

    const { rollout } = (await gql(ROLLOUT, { id })).data!.programme;
    expect(rollout.today).toBe(TODAY);
    expect(rollout.areas).toEqual([
      {
        areaCode: LAMBETH,
        areaName: 'Lambeth',
        region: 'London',
        stage: 'IN_PROGRESS',
        inheritedFrom: [],
        lastMilestone: { key: 'schools-recruited', achievedOn: '2025-12-01' },
        status: null,
        overdue: [{ key: 'social-workers-in-post', targetDate: '2026-06-30', daysOverdue: 146 }],
      },
      {
        areaCode: SOUTHWARK,
        areaName: 'Southwark',
        region: 'London',
        stage: 'ENROLLED',
        inheritedFrom: [],
        lastMilestone: null,
        status: { rag: 'RED', commentary: 'No schools yet', period: '2026-07-01/2026-09-30' },
        overdue: [
          { key: 'schools-recruited', targetDate: '2026-01-31', daysOverdue: 296 },
          { key: 'social-workers-in-post', targetDate: '2026-06-30', daysOverdue: 146 },
        ],
      },
    ]);
    expect(rollout.byRegion.find((r: { regionName: string }) => r.regionName === 'London')).toEqual(
      {
        regionCode: 'E12000007',
        regionName: 'London',
        enrolled: 2,
        milestonesAchieved: 1,
        overdue: 3,
      },
    );
    expect(rollout.byRegion).toHaveLength(9);
    expect(rollout.coverage).toEqual({ enrolled: 2, totalAreas: 153, percentComplete: 16.7 });

    const overdue = await gql(
      `query($p: ID) { overdueMilestones(programmeId: $p, region: "London", first: 2) { totalCount edges { cursor } nodes { areaCode key targetDate daysOverdue } pageInfo { hasPreviousPage startCursor endCursor hasNextPage } } }`,
      { p: id },
    );
    const page = overdue.data?.overdueMilestones;
    expect(page.totalCount).toBe(3);
    expect(page.nodes[0]).toEqual({
      areaCode: SOUTHWARK,
      key: 'schools-recruited',
      targetDate: '2026-01-31',
      daysOverdue: 296,
    });
    expect(page.pageInfo).toEqual({
      hasPreviousPage: false,
      startCursor: page.edges[0].cursor,
      endCursor: page.edges[1].cursor,
      hasNextPage: true,
    });
    const next = await gql(
      `query($p: ID, $after: String) { overdueMilestones(programmeId: $p, first: 2, after: $after) { nodes { areaCode key } pageInfo { hasNextPage hasPreviousPage } } }`,
      { p: id, after: page.pageInfo.endCursor },
    );
    expect(next.data?.overdueMilestones).toEqual({
      nodes: [{ areaCode: SOUTHWARK, key: 'social-workers-in-post' }],
      pageInfo: { hasNextPage: false, hasPreviousPage: true },
    });
  });

  it('keeps corrections and moved targets in the timeline, with who, when and why', async () => {
    const id = await createProgramme();
    await mutate(
      'reportMilestone',
      {
        programmeId: id,
        areaCode: LAMBETH,
        milestoneKey: 'schools-recruited',
        achievedOn: '2025-12-01',
      },
      tokens.lambeth,
    );
    const corrected = await mutate(
      'correctMilestone',
      {
        programmeId: id,
        areaCode: LAMBETH,
        milestoneKey: 'schools-recruited',
        achievedOn: '2025-11-15',
        reason: 'Date of the signed agreements',
        expectedVersion: 2,
      },
      tokens.lambeth,
    );
    expect(corrected.data?.correctMilestone.version).toBe(3);
    const moved = await mutate(
      'setMilestoneTarget',
      {
        programmeId: id,
        milestoneKey: 'social-workers-in-post',
        targetDate: '2027-03-31',
        areaCode: LAMBETH,
        reason: 'Recruitment market',
      },
      tokens.board,
      'id',
    );
    expect(moved.errors).toBeUndefined();
    await mutate(
      'setMilestoneTarget',
      { programmeId: id, milestoneKey: 'schools-recruited', targetDate: '2026-02-28' },
      tokens.admin,
      'id',
    );

    const lambeth = await area(id, LAMBETH);
    expect(lambeth.milestones).toEqual([
      {
        key: 'schools-recruited',
        achievedOn: '2025-11-15',
        targetDate: '2026-02-28',
        overdue: false,
      },
      { key: 'social-workers-in-post', achievedOn: null, targetDate: '2027-03-31', overdue: false },
      { key: 'trial-data-returned', achievedOn: null, targetDate: null, overdue: false },
    ]);
    expect(lambeth.timeline.map((e: { type: string }) => e.type)).toEqual([
      'AreaEnrolled',
      'MilestoneAchieved',
      'MilestoneAchievementCorrected',
      'MilestoneTargetSet',
    ]);
    expect(lambeth.timeline[2]).toMatchObject({
      data: {
        milestoneKey: 'schools-recruited',
        achievedOn: '2025-11-15',
        previousAchievedOn: '2025-12-01',
      },
      reason: 'Date of the signed agreements',
      occurredAt: '2025-11-15T00:00:00.000Z',
      actor: { name: 'Lou Lambeth', role: 'LOCAL_AUTHORITY', organisation: LAMBETH },
    });
    expect(lambeth.timeline[3].data).toEqual({
      milestoneKey: 'social-workers-in-post',
      targetDate: '2027-03-31',
      previousTargetDate: '2026-06-30',
    });

    const withdrawn = await mutate('correctMilestone', {
      programmeId: id,
      areaCode: LAMBETH,
      milestoneKey: 'schools-recruited',
      withdraw: true,
      reason: 'Agreements not signed after all',
    });
    expect(withdrawn.data?.correctMilestone.stage).toBe('ENROLLED');
    expect(
      errorCode(
        await mutate('correctMilestone', {
          programmeId: id,
          areaCode: LAMBETH,
          milestoneKey: 'schools-recruited',
          achievedOn: '2025-11-01',
          withdraw: true,
          reason: 'x',
        }),
      ),
    ).toBe('BAD_USER_INPUT');
  });

  it('refuses with typed codes and writes nothing', async () => {
    const id = await createProgramme();
    const before = (await area(id, LAMBETH)).version;
    const report = (input: Record<string, unknown>, token: string | null = tokens.board) =>
      mutate(
        'reportMilestone',
        {
          programmeId: id,
          areaCode: LAMBETH,
          milestoneKey: 'schools-recruited',
          achievedOn: '2026-01-10',
          ...input,
        },
        token,
      );

    const foreign = await report({ areaCode: SOUTHWARK }, tokens.lambeth);
    expect(errorCode(foreign)).toBe('FORBIDDEN');
    expect(
      errorCode(await mutate('enrolArea', { programmeId: id, areaCode: LAMBETH }, tokens.lambeth)),
    ).toBe('FORBIDDEN');
    expect(errorCode(await report({}, tokens.auditor))).toBe('FORBIDDEN');
    expect(errorCode(await report({}, null))).toBe('UNAUTHENTICATED');
    expect(errorCode(await report({ areaCode: 'E09999999' }))).toBe('UNKNOWN_AREA');
    expect(errorCode(await report({ areaCode: 'E08000001' }))).toBe('NOT_FOUND');
    expect(errorCode(await report({ programmeId: 'no-such-programme' }))).toBe('NOT_FOUND');
    const unknownKey = await report({ milestoneKey: 'no-such-milestone' });
    expect(unknownKey.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'milestoneKey',
      rule: 'knownMilestone',
    });
    expect((await report({ achievedOn: '2026-11-24' })).errors?.[0].extensions).toMatchObject({
      field: 'achievedOn',
      rule: 'notInFuture',
    });
    // A date that does not exist is refused by the Date scalar, naming the variable and field.
    const noSuchDay = (await report({ achievedOn: '2026-02-30' })).errors?.[0];
    expect(noSuchDay?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      field: 'input.achievedOn',
    });
    expect(noSuchDay?.message).toBe(
      'Variable "$input" got invalid value "2026-02-30" at "input.achievedOn"; Date cannot represent an invalid date-string 2026-02-30.',
    );
    expect(errorCode(await report({ expectedVersion: 7 }))).toBe('VERSION_CONFLICT');
    expect(
      errorCode(
        await mutate('reportStatus', {
          programmeId: id,
          areaCode: LAMBETH,
          rag: 'PURPLE',
          commentary: 'x',
          periodStart: '2026-01-01',
          periodEnd: '2026-03-31',
        }),
      ),
    ).toBe('GRAPHQL_VALIDATION_FAILED'); // no such RAG rating: the variable is refused before it runs
    expect(errorCode(await mutate('enrolArea', { programmeId: id, areaCode: LAMBETH }))).toBe(
      'ALREADY_EXISTS',
    );
    expect(
      errorCode(
        await mutate(
          'createProgramme',
          {
            id,
            name: 'Again',
            recommendations: ['CSC-SWIS'],
            milestones: [{ key: 'a', title: 'A' }],
          },
          tokens.board,
          'id',
        ),
      ),
    ).toBe('ALREADY_EXISTS');
    expect(
      (
        await mutate(
          'createProgramme',
          {
            id: programmeId(),
            name: 'X',
            recommendations: ['CSC-NOPE'],
            milestones: [{ key: 'a', title: 'A' }],
          },
          tokens.board,
          'id',
        )
      ).errors?.[0].extensions,
    ).toMatchObject({ field: 'recommendations', rule: 'knownRecommendation' });
    expect(
      errorCode(
        await mutate(
          'createProgramme',
          {
            id: programmeId(),
            name: 'X',
            recommendations: ['CSC-SWIS'],
            milestones: [{ key: 'a', title: 'A' }],
          },
          tokens.lambeth,
          'id',
        ),
      ),
    ).toBe('FORBIDDEN');
    expect((await area(id, LAMBETH)).version).toBe(before);
    expect((await area(id, LAMBETH)).timeline).toHaveLength(1);
  });

  it('a retried commandId writes once; two writers with the same expectedVersion: one wins', async () => {
    const id = await createProgramme();
    const input = {
      programmeId: id,
      areaCode: LAMBETH,
      milestoneKey: 'schools-recruited',
      achievedOn: '2026-01-10',
      commandId: `retry-${id}`,
    };
    const answers = await Promise.all(
      [1, 2, 3].map(() => mutate('reportMilestone', input, tokens.lambeth)),
    );
    expect(answers.every((answer) => answer.data?.reportMilestone.version === 2)).toBe(true);
    const racing = await Promise.all(
      ['RED', 'GREEN'].map((rag) =>
        mutate('reportStatus', {
          programmeId: id,
          areaCode: LAMBETH,
          rag,
          commentary: rag,
          periodStart: '2026-01-01',
          periodEnd: '2026-03-31',
          expectedVersion: 2,
        }),
      ),
    );
    expect(racing.map(errorCode).sort()).toEqual(['VERSION_CONFLICT', undefined]);
    expect((await area(id, LAMBETH)).timeline).toHaveLength(3);

    // A retry after later writes is answered with the state right after its first handling
    // (found by the reliability suite: it used to answer with the area's current version).
    const retried = await mutate(
      'reportMilestone',
      input,
      tokens.lambeth,
      'version lastMilestone { key }',
    );
    expect(retried.data?.reportMilestone).toEqual({
      version: 2,
      lastMilestone: { key: 'schools-recruited' },
    });
  });

  it('records a succession: roll-ups move the former area to its successors and refuse late reports', async () => {
    const id = await createProgramme();
    // Southwark is replaced (hypothetically) by Lambeth from 2026-03-01.
    const succession = await gql(
      `mutation($input: RecordAreaSuccessionInput!) { recordAreaSuccession(input: $input) { areaCode current successors replacedOn } }`,
      {
        input: {
          areaCode: SOUTHWARK,
          successors: [LAMBETH],
          effectiveFrom: '2026-03-01',
          reason: 'Test reorganisation',
        },
      },
      tokens.admin,
    );
    expect(succession.data?.recordAreaSuccession).toEqual({
      areaCode: SOUTHWARK,
      current: false,
      successors: [LAMBETH],
      replacedOn: '2026-03-01',
    });
    expect(
      errorCode(
        await gql(
          `mutation($input: RecordAreaSuccessionInput!) { recordAreaSuccession(input: $input) { areaCode } }`,
          {
            input: {
              areaCode: LAMBETH,
              successors: [SOUTHWARK],
              effectiveFrom: '2026-03-01',
              reason: 'x',
            },
          },
          tokens.board,
        ),
      ),
    ).toBe('FORBIDDEN');

    const early = await mutate('reportMilestone', {
      programmeId: id,
      areaCode: SOUTHWARK,
      milestoneKey: 'schools-recruited',
      achievedOn: '2026-02-01',
    });
    expect(early.errors).toBeUndefined();
    const late = await mutate('reportMilestone', {
      programmeId: id,
      areaCode: SOUTHWARK,
      milestoneKey: 'social-workers-in-post',
      achievedOn: '2026-03-02',
    });
    expect(late.errors?.[0].extensions).toMatchObject({
      code: 'AREA_REPLACED',
      successors: [LAMBETH],
    });
    expect(late.errors?.[0].message).toContain('Lambeth (E09000022)');

    const { rollout } = (await gql(ROLLOUT, { id })).data!.programme;
    expect(
      rollout.areas.map(
        (a: { areaCode: string; inheritedFrom: string[]; lastMilestone: unknown }) => [
          a.areaCode,
          a.inheritedFrom,
          a.lastMilestone,
        ],
      ),
    ).toEqual([[LAMBETH, [SOUTHWARK], { key: 'schools-recruited', achievedOn: '2026-02-01' }]]);
    const lambeth = await area(id, LAMBETH);
    expect(lambeth.inheritedFrom).toEqual([SOUTHWARK]);
    expect(lambeth.timeline.map((e: { streamId: string }) => e.streamId)).toContain(
      `rollout-${id}.${SOUTHWARK}`,
    );
    expect((await area(id, SOUTHWARK)).replacedBy).toEqual([LAMBETH]);
  });

  it("lets Cumbria's successors report for the enrolment they inherit, and keeps Cumbria's reports refused", async () => {
    const swis = 'social-workers-in-schools';
    const cumberland = server.createToken('LOCAL_AUTHORITY', 'Cath Cumberland', CUMBERLAND);
    const report = (areaCode: string, token: string, achievedOn = '2024-09-01') =>
      mutate(
        'reportMilestone',
        { programmeId: swis, areaCode, milestoneKey: 'schools-recruited', achievedOn },
        token,
        'areaCode version stage inheritedFrom',
      );

    const reported = await report(CUMBERLAND, cumberland);
    expect(reported.errors).toBeUndefined();
    expect(reported.data?.reportMilestone).toEqual({
      areaCode: CUMBERLAND,
      version: 2,
      stage: 'IN_PROGRESS',
      inheritedFrom: [CUMBRIA],
    });
    // The audit trail of Cumberland's stream says where its enrolment came from.
    const timeline = ((await area(swis, CUMBERLAND)).timeline as Record<string, any>[]).filter(
      (entry) => entry.streamId === `rollout-${swis}.${CUMBERLAND}`,
    );
    expect(timeline.map((entry) => [entry.type, entry.data])).toEqual([
      [
        'AreaEnrolled',
        { enrolledOn: '2023-04-01', pilot: false, wave: null, inheritedFrom: CUMBRIA },
      ],
      [
        'MilestoneAchieved',
        { milestoneKey: 'schools-recruited', achievedOn: '2024-09-01', note: null },
      ],
    ]);
    expect(timeline[0].actor).toEqual({
      name: 'Cath Cumberland',
      role: 'LOCAL_AUTHORITY',
      organisation: CUMBERLAND,
    });

    // The roll-up shows it as before, now with the milestone; Westmorland and Furness is untouched.
    const rollout = (await gql(ROLLOUT, { id: swis })).data?.programme.rollout;
    const shown = (code: string) =>
      rollout.areas.find((a: { areaCode: string }) => a.areaCode === code);
    expect(shown(CUMBERLAND)).toMatchObject({
      stage: 'IN_PROGRESS',
      inheritedFrom: [CUMBRIA],
      lastMilestone: { key: 'schools-recruited', achievedOn: '2024-09-01' },
    });
    expect(shown(WESTMORLAND)).toMatchObject({ stage: 'ENROLLED', inheritedFrom: [CUMBRIA] });

    const replaced = await report(CUMBRIA, tokens.board);
    expect(errorCode(replaced)).toBe('AREA_REPLACED');
    expect(replaced.errors?.[0].message).toContain(
      'Cumberland (E06000063) and Westmorland and Furness (E06000064)',
    );
    expect(errorCode(await report(CUMBERLAND, tokens.lambeth))).toBe('FORBIDDEN');
    const enrolAgain = await mutate('enrolArea', {
      programmeId: swis,
      areaCode: WESTMORLAND,
      enrolledOn: '2024-01-01',
    });
    expect(errorCode(enrolAgain)).toBe('ALREADY_EXISTS');
  });
});

describe('business dates in England, and no future, over HTTP', () => {
  // 23:30 UTC on 15 June 2026 is 00:30 on 16 June in England (British Summer Time).
  const server = new TrackerServer('rollout-bst', { CLOCK_FIXED_AT: '2026-06-15T23:30:00Z' });
  let board: string;
  const mutate = (name: string, input: Record<string, unknown>, fields = 'areaCode version') =>
    server.gql(
      `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { ${fields} } }`,
      { input },
      board,
    );
  const problem = (response: { errors?: { extensions: Record<string, any> }[] }) => {
    const extensions = response.errors?.[0]?.extensions ?? {};
    return { code: extensions.code, field: extensions.field, rule: extensions.rule };
  };

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
    const created = await mutate(
      'createProgramme',
      {
        id: 'bst',
        name: 'Summer time',
        recommendations: ['CSC-SWIS'],
        milestones: [
          { key: 'started', title: 'Started', targetDate: '2026-06-15' },
          { key: 'finished', title: 'Finished' },
        ],
        occurredAt: '2026-01-01T00:00:00Z',
      },
      'id',
    );
    expect(created.errors).toBeUndefined();
  });
  afterAll(() => server.dispose());

  it('at 00:30 BST today is the new day: achieved today is accepted, and yesterday’s target is overdue', async () => {
    const enrolled = await mutate('enrolArea', { programmeId: 'bst', areaCode: LAMBETH });
    expect(enrolled.errors).toBeUndefined();
    const reported = await mutate(
      'reportMilestone',
      { programmeId: 'bst', areaCode: LAMBETH, milestoneKey: 'finished', achievedOn: '2026-06-16' },
      'milestones { key achievedOn } timeline { type occurredAt data }',
    );
    expect(reported.errors).toBeUndefined();
    // Facts known by their date happen from midnight in England.
    expect(
      reported.data?.reportMilestone.timeline.map((e: { occurredAt: string }) => e.occurredAt),
    ).toEqual(['2026-06-15T23:00:00.000Z', '2026-06-15T23:00:00.000Z']);
    expect(reported.data?.reportMilestone.timeline[0].data.enrolledOn).toBe('2026-06-16');
    const tomorrow = await mutate('reportMilestone', {
      programmeId: 'bst',
      areaCode: LAMBETH,
      milestoneKey: 'started',
      achievedOn: '2026-06-17',
    });
    expect(problem(tomorrow)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'achievedOn',
      rule: 'notInFuture',
    });
    const rollout = await server.gql(
      `{ programme(id: "bst") { rollout { today areas { areaCode overdue { key daysOverdue } } } } }`,
      {},
      board,
    );
    expect(rollout.data?.programme.rollout).toEqual({
      today: '2026-06-16',
      areas: [{ areaCode: LAMBETH, overdue: [{ key: 'started', daysOverdue: 1 }] }],
    });
  });

  it('refuses a status, a correction and a target dated a year ahead, as for recommendations', async () => {
    const ahead = { occurredAt: '2027-06-15T00:00:00Z', reason: 'Ahead' };
    const area = { programmeId: 'bst', areaCode: LAMBETH };
    const refusals = [
      await mutate('reportStatus', {
        ...area,
        ...ahead,
        rag: 'GREEN',
        commentary: 'Fine',
        periodStart: '2026-04-01',
        periodEnd: '2026-06-30',
      }),
      await mutate('correctMilestone', {
        ...area,
        ...ahead,
        milestoneKey: 'finished',
        achievedOn: '2026-06-01',
      }),
      await mutate(
        'setMilestoneTarget',
        { programmeId: 'bst', milestoneKey: 'finished', targetDate: '2026-12-31', ...ahead },
        'id',
      ),
      await mutate(
        'setMilestoneTarget',
        { ...area, milestoneKey: 'finished', targetDate: '2026-12-31', ...ahead },
        'id',
      ),
      await mutate('rejectRecommendation', { id: 'CSC-SWIS', ...ahead }, 'id'),
    ];
    for (const refused of refusals) {
      expect(problem(refused)).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'occurredAt',
        rule: 'notInFuture',
      });
      expect(refused.errors?.[0].message).toBe(
        'occurredAt 2027-06-15T00:00:00.000Z is in the future',
      );
    }
  });

  it('refuses hostile text in a note or a reason, naming the field and the rule', async () => {
    const note = await mutate('reportMilestone', {
      programmeId: 'bst',
      areaCode: LAMBETH,
      milestoneKey: 'started',
      achievedOn: '2026-06-01',
      note: 'Signed \u202Efdp.exe',
    });
    expect(problem(note)).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'note',
      rule: 'noDirectionOverrides',
    });
    const reason = await mutate('withdrawArea', {
      programmeId: 'bst',
      areaCode: LAMBETH,
      reason: 'x'.repeat(4001),
    });
    expect(problem(reason)).toEqual({ code: 'BAD_USER_INPUT', field: 'reason', rule: 'maxLength' });
    expect(reason.errors?.[0].message).toContain('reason must be 4000 characters or fewer');
  });
});
