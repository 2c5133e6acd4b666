import { errorCode, TrackerServer } from './support/tracker-server';

const HUBS = 'family-hubs-trailblazers';
const FFC = 'families-first-for-children';
const FACT = 'number on precision text url';
const MILESTONE = 'key title on precision url';
const READ = `query ($id: ID!, $validAt: String) { programme(id: $id) {
  facts(validAt: $validAt) { ${FACT} } nationalMilestones(validAt: $validAt) { ${MILESTONE} } } }`;
const RECORD_FACT = `mutation ($input: RecordProgrammeFactInput!) { recordProgrammeFact(input: $input) { version facts { ${FACT} } } }`;
const CORRECT_FACT = `mutation ($input: CorrectProgrammeFactInput!) { correctProgrammeFact(input: $input) { facts { ${FACT} } } }`;
const RECORD_MILESTONE = `mutation ($input: RecordNationalMilestoneInput!) { recordNationalMilestone(input: $input) { version nationalMilestones { ${MILESTONE} } } }`;

const TRAILBLAZERS = {
  key: 'trailblazers',
  title: 'Trailblazers selected',
  on: '2023-02-09',
  precision: 'DAY',
  url: 'https://www.gov.uk/government/publications/trailblazers-for-the-family-hubs-and-start-for-life-programme',
};

const LAMBETH = 'E09000022';

// Each token is made by the tracker CLI, which opens the store: slow on a busy machine.
jest.setTimeout(120_000);

/** A programme's own dated facts and national milestones, over GraphQL and on its page. */
describe("programmes' dated facts and national milestones", () => {
  const server = new TrackerServer('programme-facts');
  const tokens: Record<string, string> = {};
  const head = async () => (await server.healthDetail()).body.store.headPosition;
  const page = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
  });
  afterAll(() => server.dispose());

  it('ships the Family Hubs facts and milestones on their own dates, and not before them', async () => {
    const now = await server.gql(READ, { id: HUBS }, tokens.lambeth);
    expect(now.errors).toBeUndefined();
    const { facts, nationalMilestones } = now.data!.programme;
    expect(facts).toHaveLength(6);
    expect(facts[0]).toMatchObject({ number: 1, on: '2021-10-01', precision: 'MONTH' });
    expect(facts).toContainEqual(
      expect.objectContaining({
        on: '2023-02-09',
        precision: 'DAY',
        text: expect.stringMatching(/^14 trailblazers selected/),
        url: 'https://www.localgov.co.uk/Family-hubs-receive-300m-boost/55592',
      }),
    );
    expect(nationalMilestones.map((m: { key: string }) => m.key)).toEqual([
      'pre-selected',
      'sign-up',
      'trailblazers',
    ]);
    expect(nationalMilestones[2]).toEqual(TRAILBLAZERS);

    const then = await server.gql(READ, { id: HUBS, validAt: '2023-01-01' }, tokens.lambeth);
    expect(then.errors).toBeUndefined();
    expect(then.data!.programme.facts.map((f: { on: string }) => f.on)).toEqual([
      '2021-10-01',
      '2022-04-01',
      '2022-04-04',
      '2022-08-08',
    ]);
    expect(then.data!.programme.nationalMilestones.map((m: { key: string }) => m.key)).toEqual([
      'pre-selected',
      'sign-up',
    ]);
  });

  it('leaves a national milestone dated after today unrecorded', async () => {
    const framework = await server.gql(
      READ,
      { id: 'social-work-early-career-framework' },
      tokens.lambeth,
    );
    expect(framework.data!.programme.nationalMilestones.map((m: { key: string }) => m.key)).toEqual(
      ['early-adopters'],
    );
  });

  it('shows the timeline, the milestones and the sources on the programme page', async () => {
    const html = await page(`/programmes/${HUBS}`);
    const timeline = html.slice(html.indexOf('id="timeline-heading"'));
    expect(timeline).toContain('<time datetime="2021-10">October 2021</time>');
    expect(timeline).toContain('<time datetime="2023-02-09">9 February 2023</time>');
    expect(timeline).toContain(
      'href="https://www.localgov.co.uk/Family-hubs-receive-300m-boost/55592" rel="external">Evidence<span class="govuk-visually-hidden"> for 9 February 2023</span> (localgov.co.uk)</a>',
    );
    const milestones = html.slice(html.indexOf('id="national-milestones"'));
    expect(milestones).toMatch(
      /<th scope="row" class="govuk-table__header">Trailblazers selected<\/th>\s*<td class="govuk-table__cell"><time datetime="2023-02-09">9 February 2023<\/time><\/td>\s*<td class="govuk-table__cell"><a class="govuk-link govuk-!-text-break-word" href="https:\/\/www.gov.uk\/government\/publications\/trailblazers-for-the-family-hubs-and-start-for-life-programme" rel="external">Evidence<span class="govuk-visually-hidden"> for 9 February 2023<\/span> \(gov.uk\)<\/a>/,
    );
    const sources = html.slice(html.indexOf('id="programme-sources"'));
    expect(sources).toContain('>necsu.nhs.uk, October 2021</a>');
    expect(sources).not.toMatch(/>https?:\/\//);

    const before = await page(`/programmes/${HUBS}?validAt=2023-01-01`);
    expect(before).not.toContain('Trailblazers selected');
    expect(before).not.toContain('9 February 2023</time>');
    expect(before).toContain('<time datetime="2022-08-08">8 August 2022</time>');
  });

  it('offers the facts and national milestones as open data, as things stood on a date', async () => {
    const csv = await page('/open-data/programme-facts.csv');
    expect(csv).toContain(`${HUBS},`);
    expect(csv).toMatch(
      /family-hubs-trailblazers,[^\n]*,NATIONAL_MILESTONE,trailblazers,2023-02-09,DAY,Trailblazers selected,https:\/\/www.gov.uk\/government\/publications\/trailblazers-for-the-family-hubs-and-start-for-life-programme/,
    );
    const then = JSON.parse(await page('/open-data/programme-facts.json?validAt=2023-01-01'))
      .data as {
      programmeId: string;
      reference: string;
      on: string;
    }[];
    const hubs = then.filter((row) => row.programmeId === HUBS);
    expect(hubs.map((row) => row.reference)).toEqual([
      '1',
      '2',
      '3',
      '4',
      'pre-selected',
      'sign-up',
    ]);
    expect(then.every((row) => row.on <= '2023-01-01')).toBe(true);
  });

  it('lets the board record a fact, once however often it is sent, and correct it', async () => {
    const input = {
      programmeId: FFC,
      on: '2025-02-01',
      precision: 'MONTH',
      text: 'A fact recorded by the board',
      url: 'https://www.gov.uk/government/news/families-first',
      commandId: 'facts-e2e-record',
      reason: 'Read in the DfE release',
    };
    expect(errorCode(await server.gql(RECORD_FACT, { input }, tokens.lambeth))).toBe('FORBIDDEN');
    const recorded = await server.gql(RECORD_FACT, { input }, tokens.board);
    expect(recorded.errors).toBeUndefined();
    const { version, facts } = recorded.data!.recordProgrammeFact;
    expect(facts).toContainEqual({
      number: 7,
      on: '2025-02-01',
      precision: 'MONTH',
      text: 'A fact recorded by the board',
      url: 'https://www.gov.uk/government/news/families-first',
    });
    const after = await head();
    const again = await server.gql(RECORD_FACT, { input }, tokens.board);
    expect(again.data!.recordProgrammeFact.version).toBe(version);
    expect(await head()).toBe(after);

    const corrected = await server.gql(
      CORRECT_FACT,
      { input: { programmeId: FFC, number: 7, on: '2025-03-01', commandId: 'facts-e2e-correct' } },
      tokens.board,
    );
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.correctProgrammeFact.facts).toContainEqual(
      expect.objectContaining({ number: 7, on: '2025-03-01', precision: 'MONTH' }),
    );
  });

  it('refuses bad input naming the field and the rule, and writes nothing', async () => {
    const before = await head();
    const bad = async (query: string, input: Record<string, unknown>) => {
      const answer = await server.gql(query, { input }, tokens.board);
      expect(answer.errors).toHaveLength(1);
      return answer.errors![0];
    };
    const fact = { programmeId: FFC, on: '2024-05-01', text: 'A fact', url: 'https://gov.uk/x' };
    expect((await bad(RECORD_FACT, { ...fact, url: 'families-first.pdf' })).message).toMatch(
      /url must be a full web address/,
    );
    expect(
      (await bad(RECORD_FACT, { ...fact, on: '2024-05-02', precision: 'MONTH' })).extensions,
    ).toMatchObject({ field: 'on', rule: 'firstOfMonth' });
    expect((await bad(RECORD_FACT, { ...fact, on: '2099-01-01' })).extensions).toMatchObject({
      field: 'on',
      rule: 'notInFuture',
    });
    expect((await bad(RECORD_FACT, { ...fact, on: '2023-01-01' })).extensions).toMatchObject({
      field: 'on',
      rule: 'notBeforeProgramme',
    });
    expect(
      (await bad(RECORD_MILESTONE, { programmeId: HUBS, ...TRAILBLAZERS })).extensions,
    ).toMatchObject({ code: 'ALREADY_EXISTS', field: 'key' });
    expect(await head()).toBe(before);
  });
});
