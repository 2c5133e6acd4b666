import { errorCode, TrackerServer } from './support/tracker-server';

const EVALUATION = 'id subject { kind id } publishedOn evaluator finding url summary version';
const RECORD = `mutation ($input: RecordEvaluationInput!) { recordEvaluation(input: $input) { ${EVALUATION} } }`;
const CORRECT = `mutation ($input: CorrectEvaluationInput!) { correctEvaluation(input: $input) { ${EVALUATION} } }`;
const LIST = `query ($subjectKind: EvaluationSubjectKind, $subjectId: ID) { evaluations(subjectKind: $subjectKind, subjectId: $subjectId) { ${EVALUATION} } }`;

const LAMBETH = 'E09000022';

// Each token is made by the tracker CLI, which opens the store: slow on a busy machine.
jest.setTimeout(120_000);

/** Evaluation findings over GraphQL: everyone reads them, the board and admins record them. */
describe('evaluations over GraphQL', () => {
  const server = new TrackerServer('evaluations');
  const tokens: Record<string, string> = {};
  const board = (query: string, variables: Record<string, unknown> = {}) =>
    server.gql(query, variables, tokens.board);
  const head = async () => (await server.healthDetail()).body.store.headPosition;
  const fnp = {
    id: 'fnp-interim',
    subject: { kind: 'PROGRAMME', id: 'families-first-for-children' },
    publishedOn: '2025-01-15',
    evaluator: 'Ipsos',
    finding: 'MIXED',
    url: 'https://www.gov.uk/government/publications/families-first-interim',
    summary: 'Early signs of change in some areas; too soon to judge outcomes.',
  };

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.admin = server.createToken('ADMIN', 'Ann Admin');
    tokens.auditor = server.createToken('AUDITOR', 'Ed Auditor');
    tokens.lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
  });
  afterAll(() => server.dispose());

  it('ships the Social Workers in Schools trial result, readable by every role', async () => {
    expect(errorCode(await server.gql(LIST))).toBe('UNAUTHENTICATED');
    const listed = await server.gql(
      LIST,
      { subjectKind: 'PROGRAMME', subjectId: 'social-workers-in-schools' },
      tokens.lambeth,
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.evaluations).toEqual([
      expect.objectContaining({
        id: 'swis-trial-result',
        publishedOn: '2023-03-30',
        evaluator: "What Works for Children's Social Care",
        finding: 'NO_EFFECT',
        url: 'https://www.communitycare.co.uk/2023/03/30/no-evidence-scheme-placing-social-workers-in-schools-reduces-need-for-social-care-says-what-works/',
      }),
    ]);
  });

  it('lets only the board and admins record and correct', async () => {
    for (const token of [tokens.auditor, tokens.lambeth]) {
      expect(errorCode(await server.gql(RECORD, { input: fnp }, token))).toBe('FORBIDDEN');
      expect(
        errorCode(await server.gql(CORRECT, { input: { id: 'x', summary: 'y' } }, token)),
      ).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.gql(RECORD, { input: fnp }))).toBe('UNAUTHENTICATED');
  });

  it('records a finding on its publication date, and a retry writes nothing', async () => {
    const input = { ...fnp, commandId: 'record-fnp', reason: 'Published today' };
    const recorded = await board(RECORD, { input });
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data!.recordEvaluation).toEqual({ ...fnp, version: 1 });
    const after = await head();
    expect((await board(RECORD, { input })).data!.recordEvaluation.version).toBe(1);
    expect(await head()).toBe(after);
    const trail = await server.gql(
      `{ auditTrail(filter: { streamId: "evaluation-fnp-interim" }) { nodes { type occurredAt actor { name } } } }`,
      {},
      tokens.auditor,
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data!.auditTrail.nodes).toEqual([
      {
        type: 'EvaluationPublished',
        occurredAt: '2025-01-15T00:00:00.000Z',
        actor: { name: 'Ada Board' },
      },
    ]);
    const listed = await board(LIST, { subjectId: 'families-first-for-children' });
    expect(listed.data!.evaluations.map((e: { id: string }) => e.id)).toEqual(['fnp-interim']);
  });

  it('corrects only what changes, and refuses a correction that changes nothing', async () => {
    const corrected = await board(CORRECT, {
      input: { id: 'fnp-interim', finding: 'POSITIVE', evaluator: 'Ipsos', reason: 'Misread' },
    });
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctEvaluation).toMatchObject({ finding: 'POSITIVE', version: 2 });
    const before = await head();
    const same = await board(CORRECT, { input: { id: 'fnp-interim', finding: 'POSITIVE' } });
    expect(same.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'changes',
      rule: 'changesSomething',
    });
    expect(await head()).toBe(before);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = await head();
    const refused = async (overrides: Record<string, unknown>) =>
      (await board(RECORD, { input: { ...fnp, id: 'bad-one', ...overrides } })).errors?.[0];
    expect((await refused({ summary: 'x'.repeat(601) }))?.message).toMatch(/summary/);
    expect((await refused({ url: 'ftp://example.org/x' }))?.message).toMatch(/url/);
    expect((await refused({ evaluator: '' }))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'evaluator',
    });
    expect((await refused({ publishedOn: '2099-01-01' }))?.extensions).toMatchObject({
      field: 'publishedOn',
      rule: 'notInFuture',
    });
    // Not one of the enum's values: refused by the schema itself, before any rule runs.
    expect(errorCode(await board(RECORD, { input: { ...fnp, finding: 'GREAT' } }))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    const missing = await refused({ subject: { kind: 'RECOMMENDATION', id: 'CSC-NOPE' } });
    expect(missing?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'subjectId' });
    expect(missing?.message).toBe('Recommendation CSC-NOPE was not found');
    expect(errorCode(await board(RECORD, { input: fnp }))).toBe('ALREADY_EXISTS');
    expect(await head()).toBe(before);
  });

  it('records a finding on a recommendation', async () => {
    const recorded = await server.gql(
      RECORD,
      {
        input: {
          ...fnp,
          id: 'swis-recommendation',
          subject: { kind: 'RECOMMENDATION', id: 'CSC-SWIS' },
          finding: 'NO_EFFECT',
        },
      },
      tokens.admin,
    );
    expect(recorded.errors).toBeUndefined();
    const listed = await server.gql(
      LIST,
      { subjectKind: 'RECOMMENDATION', subjectId: 'CSC-SWIS' },
      tokens.auditor,
    );
    expect(listed.data!.evaluations).toHaveLength(1);
  });

  it('shows the findings on the programme and recommendation pages and in the open data', async () => {
    const page = async (path: string) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const swis = await page('/programmes/social-workers-in-schools');
    expect(swis).toContain('Evaluation findings');
    expect(swis).toContain('30 March 2023</strong>, What Works for Children&#39;s Social Care');
    expect(swis).toMatch(/govuk-tag--grey">\s*No effect\s*</);
    expect(swis).toContain(
      'href="https://www.communitycare.co.uk/2023/03/30/no-evidence-scheme-placing-social-workers-in-schools-reduces-need-for-social-care-says-what-works/"',
    );
    // As things stood before it was published, the page does not have it yet.
    const before = await page('/programmes/social-workers-in-schools?validAt=2023-03-29');
    expect(before).toContain('No evaluation has been published yet.');
    const recommendation = await page('/register/CSC-SWIS');
    expect(recommendation).toContain('id="evaluation-swis-recommendation"');
    expect(recommendation).toContain(
      '<a class="govuk-link" href="/programmes/social-workers-in-schools">Social Workers in Schools (SWIS) trial</a>',
    );
    const csv = await page('/open-data/evaluations.csv');
    expect(csv.split(/\r?\n/)[0]).toBe(
      'id,subjectKind,subjectId,publishedOn,evaluator,finding,summary,url',
    );
    expect(csv).toContain('swis-trial-result,PROGRAMME,social-workers-in-schools,2023-03-30');
    const old = JSON.parse(await page('/open-data/evaluations.json?validAt=2023-03-29')).data;
    expect(old.map((row: { id: string }) => row.id)).not.toContain('swis-trial-result');
  });
});
