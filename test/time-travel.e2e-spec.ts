import { errorCode, TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads on both time axes: asOf (what was recorded then) and validAt (the world on a date). */
describe('time travel over HTTP', () => {
  const server = new TrackerServer('time-travel');
  let board: string;
  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    server.gql(query, variables, board);
  const mutate = async (name: string, input: Record<string, unknown>) => {
    const response = await gql(
      `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { __typename } }`,
      { input },
    );
    expect(response.errors).toBeUndefined();
  };
  /** An instant strictly between what was recorded before and what is recorded after. */
  const instant = async (): Promise<string> => {
    await pause(5);
    const now = new Date().toISOString();
    await pause(5);
    return now;
  };

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
  });
  afterAll(() => server.dispose());

  it('a recommendation and the stage counts as recorded at asOf, about the world on validAt', async () => {
    const id = 'E2E-TIME-1';
    const before = await instant();
    await mutate('proposeRecommendation', {
      id,
      title: 'Time travel',
      theme: 'Implementation',
      sourceId: 'ircsc-final-report-2022',
      occurredAt: '2022-05-23T00:00:00Z',
    });
    await mutate('acceptRecommendation', {
      id,
      reason: 'Agreed',
      occurredAt: '2023-02-02T10:00:00Z',
    });
    const accepted = await instant();
    await mutate('fundRecommendation', {
      id,
      fundingSource: 'DfE',
      occurredAt: '2024-01-01T00:00:00Z',
    });

    const read = async (args: string) =>
      (await gql(`{ recommendation(id: "${id}"${args}) { stage version history { type } } }`)).data
        ?.recommendation;
    expect(await read('')).toMatchObject({ stage: 'FUNDED', version: 3 });
    expect(await read(`, asOf: "${accepted}"`)).toEqual({
      stage: 'ACCEPTED',
      version: 2,
      history: [{ type: 'RecommendationProposed' }, { type: 'RecommendationAccepted' }],
    });
    expect(await read(', validAt: "2023-01-01"')).toMatchObject({ stage: 'PROPOSED', version: 1 });
    expect(await read(`, asOf: "${accepted}", validAt: "2023-12-31"`)).toMatchObject({
      stage: 'ACCEPTED',
    });
    expect(
      (await gql(`{ recommendation(id: "${id}", asOf: "${before}") { stage } }`)).errors?.[0]
        .extensions.code,
    ).toBe('NOT_FOUND');

    const counts = async (args: string) =>
      Object.fromEntries(
        (
          (await gql(`{ recommendationStageCounts${args} { stage count } }`)).data
            ?.recommendationStageCounts as { stage: string; count: number }[]
        ).map((row) => [row.stage, row.count]),
      );
    const now = await counts('');
    const then = await counts(`(asOf: "${accepted}")`);
    expect(then.ACCEPTED).toBe(now.ACCEPTED + 1);
    expect(then.FUNDED).toBe(now.FUNDED - 1);
    expect(errorCode(await gql('{ recommendationStageCounts(asOf: "last week") { stage } }'))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it("a programme's rollout before and after a back-dated correction", async () => {
    const programmeId = 'e2e-time-travel';
    await mutate('createProgramme', {
      id: programmeId,
      name: 'Time travel',
      recommendations: ['CSC-SWIS'],
      milestones: [
        { key: 'schools-recruited', title: 'Schools recruited', targetDate: '2025-12-31' },
      ],
      // Targets count on business time: set in June 2025, they apply to any later date.
      occurredAt: '2025-06-01T00:00:00Z',
    });
    await mutate('enrolArea', { programmeId, areaCode: LAMBETH, enrolledOn: '2025-09-01' });
    await mutate('reportMilestone', {
      programmeId,
      areaCode: LAMBETH,
      milestoneKey: 'schools-recruited',
      achievedOn: '2026-01-10',
    });
    const reported = await instant();
    await mutate('correctMilestone', {
      programmeId,
      areaCode: LAMBETH,
      milestoneKey: 'schools-recruited',
      achievedOn: '2025-12-20',
      reason: 'Date of the signed agreements',
    });

    const rollout = async (args: string) =>
      (
        await gql(
          `{ programme(id: "${programmeId}") { rollout${args} { today areas { stage lastMilestone { achievedOn } overdue { key daysOverdue } } coverage { enrolled } } } }`,
        )
      ).data?.programme.rollout;
    expect(await rollout('(validAt: "2026-01-01")')).toMatchObject({
      today: '2026-01-01',
      areas: [{ stage: 'COMPLETED', lastMilestone: { achievedOn: '2025-12-20' }, overdue: [] }],
    });
    expect(await rollout(`(asOf: "${reported}", validAt: "2026-01-01")`)).toMatchObject({
      areas: [
        {
          stage: 'ENROLLED',
          lastMilestone: null,
          overdue: [{ key: 'schools-recruited', daysOverdue: 1 }],
        },
      ],
    });
    expect(await rollout('(validAt: "2025-08-31")')).toMatchObject({
      areas: [],
      coverage: { enrolled: 0 },
    });

    const area = (
      await gql(
        `{ areaRollout(programmeId: "${programmeId}", areaCode: "${LAMBETH}", asOf: "${reported}") { lastMilestone { achievedOn } timeline { type } } }`,
      )
    ).data?.areaRollout;
    expect(area).toEqual({
      lastMilestone: { achievedOn: '2026-01-10' },
      timeline: [{ type: 'AreaEnrolled' }, { type: 'MilestoneAchieved' }],
    });
  });
});
