import { errorCode, TrackerServer } from './support/tracker-server';

const SOURCE = 'id kind title publisher publishedOn url themes addedAt correctedAt version';
const ADD = `mutation ($input: AddSourceInput!) { addSource(input: $input) { ${SOURCE} } }`;
const CORRECT = `mutation ($input: CorrectSourceInput!) { correctSource(input: $input) { ${SOURCE} } }`;
const ONE = `query ($id: ID!) { source(id: $id) { ${SOURCE} history { type occurredAt reason data } } }`;
const LIST = `query ($kind: SourceKind) { sources(kind: $kind) { ${SOURCE} } }`;

// Each token is made by the tracker CLI, which opens the store: slow on a busy machine.
jest.setTimeout(120_000);

/** Sources over GraphQL: the board adds and corrects them, every role reads them. */
describe('sources over GraphQL', () => {
  const server = new TrackerServer('sources');
  const tokens: Record<string, string> = {};
  const board = (query: string, variables: Record<string, unknown> = {}) =>
    server.gql(query, variables, tokens.board);
  const head = async () => (await server.healthDetail()).body.store.headPosition;
  const inquiry = {
    id: 'care-inquiry-2025',
    kind: 'INQUIRY',
    title: 'An inquiry into children in care',
    publisher: 'House of Commons Education Committee',
    publishedOn: '2025-03-04',
    url: 'https://committees.parliament.uk/work/1234/',
    themes: ['Placements', 'Workforce'],
    occurredAt: '2025-03-04T09:00:00Z',
    reason: 'Published today',
  };

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.officer = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', 'E09000022');
    tokens.auditor = server.createToken('AUDITOR', 'Ed Auditor');
  });
  afterAll(() => server.dispose());

  it('seeds the shipped sources, each on its publication date, listed oldest first', async () => {
    const { data } = await server.gql(LIST, {}, tokens.auditor);
    const sources = data!.sources as Record<string, any>[];
    expect(sources).toHaveLength(11);
    // The committee's report and the government's same-day answer come first.
    expect(
      sources
        .slice(0, 2)
        .map((source) => source.id)
        .sort(),
    ).toEqual(['dfe-2016-07-13-response', 'ec-2016-social-work-reform']);
    expect(sources.find((source) => source.id === 'ec-2016-social-work-reform')).toMatchObject({
      kind: 'SELECT_COMMITTEE_REPORT',
      publishedOn: '2016-07-13',
      addedAt: '2016-07-12T23:00:00.000Z',
    });
    const dates = sources.map((source) => source.publishedOn);
    expect(dates).toEqual([...dates].sort());
    const review = (await server.gql(ONE, { id: 'ircsc-final-report-2022' }, tokens.officer)).data!
      .source;
    expect(review.themes).toHaveLength(9);
    expect(review.history).toEqual([
      expect.objectContaining({ type: 'SourceAdded', occurredAt: '2022-05-22T23:00:00.000Z' }),
    ]);
    expect(
      (await server.gql(LIST, { kind: 'PROFESSIONAL_BODY_CAMPAIGN' }, tokens.officer)).data!
        .sources,
    ).toHaveLength(3);
  });

  it('adds a source for the board, and a retry writes nothing', async () => {
    const input = { ...inquiry, commandId: 'add-care-inquiry' };
    const added = await board(ADD, { input });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addSource).toEqual({
      ...Object.fromEntries(
        Object.entries(inquiry).filter(([key]) => key !== 'occurredAt' && key !== 'reason'),
      ),
      addedAt: '2025-03-04T09:00:00.000Z',
      correctedAt: null,
      version: 1,
    });
    const before = await head();
    expect((await board(ADD, { input })).data!.addSource).toEqual(added.data!.addSource);
    expect(await head()).toBe(before);
    expect((await board(LIST, { kind: 'INQUIRY' })).data!.sources).toContainEqual(
      added.data!.addSource,
    );
  });

  it('refuses bad input naming the field and the rule, writing no event', async () => {
    const before = await head();
    const refused = async (input: Record<string, unknown>) =>
      (await board(ADD, { input: { ...inquiry, id: 'another-inquiry', ...input } })).errors?.[0]
        .extensions;
    expect(await refused({ id: 'Not An Id' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(await refused({ title: '  ' })).toMatchObject({ field: 'title', rule: 'required' });
    expect(await refused({ url: 'committees.parliament.uk' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'url',
    });
    expect(await refused({ publishedOn: '2099-01-01' })).toMatchObject({
      field: 'publishedOn',
      rule: 'notInFuture',
    });
    expect(await refused({ themes: ['Placements', 'Placements'] })).toMatchObject({
      field: 'themes',
      rule: 'unique',
    });
    expect(await refused({ id: inquiry.id })).toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await head()).toBe(before);
  });

  it('corrects only what changed, and never removes a theme', async () => {
    const corrected = await board(CORRECT, {
      input: {
        id: inquiry.id,
        title: 'Children in care: an inquiry',
        themes: ['Placements', 'Workforce', 'Leaving care'],
        url: null,
        reason: 'The committee renamed it and added a chapter',
      },
    });
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctSource).toMatchObject({
      title: 'Children in care: an inquiry',
      publisher: inquiry.publisher,
      url: null,
      themes: ['Placements', 'Workforce', 'Leaving care'],
      version: 2,
    });
    const history = (await board(ONE, { id: inquiry.id })).data!.source.history;
    expect(history[1]).toMatchObject({
      type: 'SourceCorrected',
      reason: 'The committee renamed it and added a chapter',
      data: {
        title: 'Children in care: an inquiry',
        url: null,
        themes: ['Placements', 'Workforce', 'Leaving care'],
      },
    });
    const before = await head();
    const removing = await board(CORRECT, {
      input: { id: inquiry.id, themes: ['Placements'], reason: 'Tidy' },
    });
    expect(removing.errors?.[0]).toMatchObject({
      message: expect.stringContaining('"Workforce", "Leaving care"'),
      extensions: { code: 'BAD_USER_INPUT', field: 'themes', rule: 'keepsThemes' },
    });
    expect(
      (await board(CORRECT, { input: { id: inquiry.id, title: 'Again' } })).errors?.[0].extensions,
    ).toMatchObject({ field: 'reason', rule: 'required' });
    expect(
      errorCode(await board(CORRECT, { input: { id: 'no-such-source', title: 'X', reason: 'x' } })),
    ).toBe('NOT_FOUND');
    expect(await head()).toBe(before);
  });

  it('lets only the board and admins add or correct, and nobody unauthenticated read', async () => {
    for (const token of [tokens.officer, tokens.auditor]) {
      expect(
        errorCode(await server.gql(ADD, { input: { ...inquiry, id: 'by-officer' } }, token)),
      ).toBe('FORBIDDEN');
      expect(
        errorCode(
          await server.gql(CORRECT, { input: { id: inquiry.id, title: 'X', reason: 'x' } }, token),
        ),
      ).toBe('FORBIDDEN');
    }
    expect(errorCode(await server.gql(LIST))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.gql(ONE, { id: 'nothing-here' }, tokens.auditor))).toBe(
      'NOT_FOUND',
    );
  });
});
