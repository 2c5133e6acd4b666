import { parse } from 'csv-parse/sync';
import { texts } from './support/html';
import { pdfCatalog, pdfPages } from './support/pdf-text';
import { SignedInClient } from './support/signed-in-client';
import { errorCode, TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const CAMDEN = 'E09000007';
const PROGRAMME = 'e2e-changes';
const RECOMMENDATION = 'E2E-CHG-1';
/** Every change below happened in March 2014 (before any shipped fact), but Camden's, in May. */
const MARCH = 'from=2014-03-01&to=2014-03-31';
/** The shipped data's month of the Social Workers in Schools trial result. */
const SHIPPED = 'from=2023-03-01&to=2023-03-31';

const errorSummary = (html: string): string[] =>
  texts(html, /<li>\s*<a href="#[^"]+">([\s\S]*?)<\/a>/g);
/** The rows of a section's table: the texts of their cells. */
const rowsOf = (html: string, section: string): string[][] => {
  const table = new RegExp(`<table[^>]*id="${section}-table"[\\s\\S]*?</table>`).exec(html);
  if (!table) return [];
  return [...table[0].matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map(([, row]) => texts(row, /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g));
};

/**
 * Moved targets (the query, the page, the download) and what changed between two dates (the
 * page, its download and the board pack), over HTTP, from a fixed set of changes on known dates.
 */
describe('moved targets and what changed, over HTTP', () => {
  const server = new TrackerServer('changes');
  let board = '';
  let boardMember: SignedInClient;
  let officerEmail = '';
  let beforeLambethTarget = '';
  const gql = (query: string, variables: Record<string, unknown> = {}, token = board) =>
    server.gql(query, variables, token);
  const mutate = async (name: string, input: Record<string, unknown>) => {
    const answer = await gql(
      `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { __typename } }`,
      { input },
    );
    expect(answer.errors).toBeUndefined();
  };
  const at = (date: string) => `${date}T10:00:00Z`;

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Board');
    officerEmail = server.createAccount('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
    boardMember = await SignedInClient.signIn(
      server,
      server.createAccount('BOARD_MEMBER', 'Bea Board'),
    );
    // A recommendation belongs to a source dated no later than it.
    await mutate('addSource', {
      id: 'e2e-changes-inquiry',
      kind: 'INQUIRY',
      title: 'Changes inquiry',
      publisher: 'End-to-end tests',
      publishedOn: '2014-02-01',
      themes: ['Implementation'],
    });
    await mutate('proposeRecommendation', {
      id: RECOMMENDATION,
      title: 'Changes between dates',
      theme: 'Implementation',
      sourceId: 'e2e-changes-inquiry',
      occurredAt: at('2014-03-01'),
    });
    await mutate('acceptRecommendation', {
      id: RECOMMENDATION,
      reason: 'Agreed by the board',
      occurredAt: at('2014-03-10'),
    });
    await mutate('createProgramme', {
      id: PROGRAMME,
      name: 'Changes programme',
      recommendations: [RECOMMENDATION],
      milestones: [{ key: 'hub-open', title: 'Hub open', targetDate: '2014-12-31' }],
      occurredAt: at('2014-03-01'),
    });
    await mutate('enrolArea', {
      programmeId: PROGRAMME,
      areaCode: LAMBETH,
      enrolledOn: '2014-03-05',
    });
    await mutate('enrolArea', {
      programmeId: PROGRAMME,
      areaCode: SOUTHWARK,
      enrolledOn: '2014-03-06',
    });
    await mutate('setMilestoneTarget', {
      programmeId: PROGRAMME,
      milestoneKey: 'hub-open',
      targetDate: '2015-03-31',
      reason: 'Building works late',
      occurredAt: at('2014-03-15'),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    beforeLambethTarget = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await mutate('setMilestoneTarget', {
      programmeId: PROGRAMME,
      areaCode: LAMBETH,
      milestoneKey: 'hub-open',
      targetDate: '2015-06-30',
      reason: 'Lambeth site lost',
      occurredAt: at('2014-03-20'),
    });
    await mutate('reportMilestone', {
      programmeId: PROGRAMME,
      areaCode: SOUTHWARK,
      milestoneKey: 'hub-open',
      achievedOn: '2014-03-25',
    });
    await mutate('withdrawArea', {
      programmeId: PROGRAMME,
      areaCode: SOUTHWARK,
      withdrawnOn: '2014-03-28',
      reason: 'Left the programme',
    });
    await mutate('enrolArea', {
      programmeId: PROGRAMME,
      areaCode: CAMDEN,
      enrolledOn: '2014-05-01',
    });
  }, 120_000);
  afterAll(() => server.dispose());

  describe('moved targets', () => {
    const moved = async (args: string, token = board) =>
      gql(
        `{ movedTargets(${args}) { totalCount nodes { areaCode areaName milestoneTitle originalTarget currentTarget timesMoved daysSlipped moves { movedOn from to days reason } } } }`,
        {},
        token,
      );

    it('lists each target that moved, most slipped first, with its moves and reasons', async () => {
      const answer = await moved(`programmeId: "${PROGRAMME}"`);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.movedTargets).toEqual({
        totalCount: 2,
        nodes: [
          {
            areaCode: LAMBETH,
            areaName: 'Lambeth',
            milestoneTitle: 'Hub open',
            originalTarget: '2015-03-31',
            currentTarget: '2015-06-30',
            timesMoved: 1,
            daysSlipped: 91,
            moves: [
              {
                movedOn: '2014-03-20',
                from: '2015-03-31',
                to: '2015-06-30',
                days: 91,
                reason: 'Lambeth site lost',
              },
            ],
          },
          {
            areaCode: null,
            areaName: null,
            milestoneTitle: 'Hub open',
            originalTarget: '2014-12-31',
            currentTarget: '2015-03-31',
            timesMoved: 1,
            daysSlipped: 90,
            moves: [
              {
                movedOn: '2014-03-15',
                from: '2014-12-31',
                to: '2015-03-31',
                days: 90,
                reason: 'Building works late',
              },
            ],
          },
        ],
      });
    });

    it('narrows to an area or a region, and pages', async () => {
      for (const args of [`areaCode: "${LAMBETH}"`, 'region: "London"']) {
        const answer = await moved(`programmeId: "${PROGRAMME}", ${args}`);
        expect(
          answer.data!.movedTargets.nodes.map((node: { areaCode: string }) => node.areaCode),
        ).toEqual([LAMBETH]);
      }
      const first = await gql(
        `{ movedTargets(programmeId: "${PROGRAMME}", first: 1) { nodes { areaCode } pageInfo { hasNextPage endCursor } } }`,
      );
      const { endCursor } = first.data!.movedTargets.pageInfo;
      expect(first.data!.movedTargets.pageInfo.hasNextPage).toBe(true);
      const second = await gql(
        `{ movedTargets(programmeId: "${PROGRAMME}", first: 1, after: "${endCursor}") { nodes { areaCode } pageInfo { hasNextPage } } }`,
      );
      expect(second.data!.movedTargets).toEqual({
        nodes: [{ areaCode: null }],
        pageInfo: { hasNextPage: false },
      });
    });

    it('travels in time on both axes', async () => {
      for (const args of ['validAt: "2014-03-16"', `asOf: "${beforeLambethTarget}"`]) {
        const answer = await moved(`programmeId: "${PROGRAMME}", ${args}`);
        expect([
          args,
          answer.data!.movedTargets.nodes.map((node: { areaCode: string }) => node.areaCode),
        ]).toEqual([args, [null]]);
      }
    });

    it("shows a local authority why only its own area's targets moved", async () => {
      const lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
      const southwark = server.createToken('LOCAL_AUTHORITY', 'Sam Southwark', SOUTHWARK);
      const reasons = async (token: string) =>
        (await moved(`programmeId: "${PROGRAMME}"`, token)).data!.movedTargets.nodes.map(
          (node: { moves: { reason: string | null }[] }) => node.moves[0].reason,
        );
      expect(await reasons(lambeth)).toEqual(['Lambeth site lost', null]);
      expect(await reasons(southwark)).toEqual([null, null]);
    }, 60_000);

    it('refuses an unknown area or region, naming the field', async () => {
      const area = await moved('areaCode: "E99999999"');
      expect(errorCode(area)).toBe('BAD_USER_INPUT');
      expect(area.errors![0].message).toContain('areaCode');
      expect(errorCode(await moved('region: "Atlantis"'))).toBe('BAD_USER_INPUT');
    });

    it("shows them on the programme's page of moved targets, linked from the programme and area pages, with a download", async () => {
      const programme = await fetch(`${server.url}/programmes/${PROGRAMME}`);
      expect(await programme.text()).toContain(`href="/programmes/${PROGRAMME}/moved-targets"`);
      const area = await fetch(`${server.url}/programmes/${PROGRAMME}/areas/${LAMBETH}`);
      expect(await area.text()).toContain(
        `href="/programmes/${PROGRAMME}/moved-targets?areaCode=${LAMBETH}"`,
      );

      const page = await fetch(`${server.url}/programmes/${PROGRAMME}/moved-targets`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<h1 class="govuk-heading-l">Targets that moved</h1>');
      const rows = [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
        .slice(1)
        .map(([, row]) => texts(row, /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g));
      expect(rows).toEqual([
        [
          'Hub open',
          'Lambeth',
          '31 March 2015',
          '30 June 2015',
          '1',
          '91 days later',
          'On 20 March 2014, from 31 March 2015 to 30 June 2015 (91 days later): “Lambeth site lost”',
        ],
        [
          'Hub open',
          'National target',
          '31 December 2014',
          '31 March 2015',
          '1',
          '90 days later',
          'On 15 March 2014, from 31 December 2014 to 31 March 2015 (90 days later): “Building works late”',
        ],
      ]);
      const earlier = await (
        await fetch(
          `${server.url}/programmes/${PROGRAMME}/moved-targets?areaCode=${LAMBETH}&validAt=2014-03-16`,
        )
      ).text();
      expect(earlier).toContain('No target had moved as things stood on 16 March 2014.');

      const download = await fetch(
        `${server.url}/programmes/${PROGRAMME}/moved-targets/download?areaCode=${LAMBETH}`,
      );
      expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(download.headers.get('content-disposition')).toMatch(
        new RegExp(
          `^attachment; filename="moved-targets-${PROGRAMME}-${LAMBETH}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`,
        ),
      );
      const records = parse<Record<string, string>>(await download.text(), {
        columns: true,
        bom: true,
      });
      expect(records).toEqual([
        expect.objectContaining({
          areaName: 'Lambeth',
          daysSlipped: '91',
          movedOn: '2014-03-20',
          reason: 'Lambeth site lost',
        }),
      ]);
      expect(
        (await fetch(`${server.url}/programmes/${PROGRAMME}/moved-targets?areaCode=nowhere`))
          .status,
      ).toBe(404);
    });
  });

  describe('what changed between two dates', () => {
    it('is for board members, admins and auditors, as the history is', async () => {
      const anonymous = await fetch(`${server.url}/changes?${MARCH}`, { redirect: 'manual' });
      expect(anonymous.status).toBe(303);
      const officer = await SignedInClient.signIn(server, officerEmail);
      for (const path of [
        `/changes?${MARCH}`,
        `/changes/download?${MARCH}`,
        `/changes/board-pack?${MARCH}`,
        `/changes/board-pack.pdf?${MARCH}`,
      ]) {
        expect([path, (await officer.get(path)).status]).toEqual([path, 403]);
      }
    }, 60_000);

    it('lists the changes between the dates on which they happened: counts, then a section each', async () => {
      const answer = await boardMember.get(
        '/changes?from-day=1&from-month=3&from-year=2014&to-day=31&to-month=3&to-year=2014&axis=happened',
      );
      expect(answer.status).toBe(200);
      const html = answer.text;
      expect(html).toContain(
        'Changes between 1 March 2014 and 31 March 2014, by the date things happened',
      );
      expect(rowsOf(html, 'stage-changes').map((row) => row.slice(0, 5))).toEqual([
        [`${RECOMMENDATION}: Changes between dates`, 'New', 'Proposed', 'None', '1 March 2014'],
        [
          `${RECOMMENDATION}: Changes between dates`,
          'Proposed',
          'Accepted',
          'None',
          '10 March 2014',
        ],
      ]);
      expect(html).toContain(`href="/register/${RECOMMENDATION}"`);
      expect(rowsOf(html, 'targets-moved')).toEqual([
        [
          'Changes programme',
          'National target',
          'Hub open',
          '31 December 2014',
          '31 March 2015',
          '90 days later',
          '15 March 2014',
          'Building works late',
        ],
        [
          'Changes programme',
          'Lambeth',
          'Hub open',
          '31 March 2015',
          '30 June 2015',
          '91 days later',
          '20 March 2014',
          'Lambeth site lost',
        ],
      ]);
      expect(rowsOf(html, 'milestones-achieved')).toEqual([
        ['Changes programme', 'Southwark', 'Hub open', '25 March 2014'],
      ]);
      expect(rowsOf(html, 'areas-enrolled').map((row) => row[1])).toEqual(['Lambeth', 'Southwark']);
      expect(rowsOf(html, 'areas-withdrawn')).toEqual([
        ['Changes programme', 'Southwark', '28 March 2014', 'Left the programme'],
      ]);
      expect(html).toContain(`href="/programmes/${PROGRAMME}/areas/${SOUTHWARK}"`);
      const summary = texts(
        /<table class="govuk-table" id="changes-summary">[\s\S]*?<\/table>/.exec(html)![0],
        /<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g,
      );
      expect(summary.slice(2)).toEqual([
        'Recommendations that changed stage',
        '2',
        'Government responses recorded',
        '0',
        'Milestones achieved',
        '1',
        'Targets moved',
        '2',
        'Areas enrolled',
        '2',
        'Areas withdrawn',
        '1',
        'Evaluations published',
        '0',
        'National milestones reached',
        '0',
      ]);
    });

    it('reads the dates as when things were recorded, on the other axis', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const html = (await boardMember.get(`/changes?from=${today}&to=${today}&axis=recorded`)).text;
      expect(rowsOf(html, 'areas-enrolled').map((row) => row[1])).toEqual(
        expect.arrayContaining(['Lambeth', 'Southwark', 'Camden']),
      );
    });

    it('names the field and the rule of a wrong date, and lists nothing', async () => {
      const answer = await boardMember.get('/changes?from=2014-03-31&to=2014-03-01');
      expect(answer.status).toBe(400);
      expect(errorSummary(answer.text)).toEqual([
        'The to date must be the same as or after 31 March 2014',
      ]);
      expect(answer.text).not.toContain('id="changes-summary"');
      const missing = await boardMember.get('/changes?to-day=1&to-month=3&to-year=2014');
      expect(errorSummary(missing.text)).toEqual(['Enter the from date']);
      const download = await boardMember.get('/changes/download?from=2014-03-31&to=2014-03-01');
      expect(download.status).toBe(303);
      // The board pack, as a page or a PDF, sends the question back to the page that names its problem.
      for (const path of ['/changes/board-pack', '/changes/board-pack.pdf']) {
        const refused = await boardMember.get(`${path}?from=2014-03-31&to=2014-03-01`);
        expect([path, refused.status, refused.location]).toEqual([
          path,
          303,
          '/changes?from=2014-03-31&to=2014-03-01',
        ]);
      }
    });

    it('downloads the changes as CSV, a row per change', async () => {
      const answer = await boardMember.get(`/changes/download?${MARCH}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-disposition')).toBe(
        'attachment; filename="changes-2014-03-01-to-2014-03-31.csv"',
      );
      const records = parse<Record<string, string>>(answer.text, { columns: true, bom: true });
      const ours = records.filter(
        (record) => record.programmeId === PROGRAMME || record.recommendationId === RECOMMENDATION,
      );
      expect(ours.map((record) => record.section).sort()).toEqual([
        'areas-enrolled',
        'areas-enrolled',
        'areas-withdrawn',
        'milestones-achieved',
        'stage-changes',
        'stage-changes',
        'targets-moved',
        'targets-moved',
      ]);
      expect(ours).toContainEqual(
        expect.objectContaining({
          section: 'targets-moved',
          areaCode: LAMBETH,
          from: '2015-03-31',
          to: '2015-06-30',
          reason: 'Lambeth site lost',
        }),
      );
    });

    it('lays the changes out as a board pack for print: dates and when recorded on each section', async () => {
      const answer = await boardMember.get(`/changes/board-pack?${MARCH}`);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain(
        '<h1 class="govuk-heading-l">Changes between 1 March 2014 and 31 March 2014, by the date things happened</h1>',
      );
      expect(
        answer.text.match(/class="app-changes__section app-board-pack__section"/g),
      ).toHaveLength(8);
      expect(answer.text.match(/As recorded at|as recorded at/g)!.length).toBeGreaterThanOrEqual(9);
      const redirected = await boardMember.get('/changes/board-pack');
      expect(redirected.status).toBe(303);
      expect(answer.text.replaceAll('&amp;', '&')).toContain(
        `href="/changes/board-pack.pdf?${MARCH}&axis=happened"`,
      );
    });

    it('downloads the board pack as a tagged PDF, from the shipped data: the trial of Social Workers in Schools', async () => {
      const page = await boardMember.get(`/changes?${SHIPPED}`);
      const link = /id="board-pack-pdf"[^>]*>([^<]*)</.exec(page.text);
      expect(page.text.replaceAll('&amp;', '&')).toContain(
        `href="/changes/board-pack.pdf?${SHIPPED}&axis=happened"`,
      );
      expect(link?.[1]).toBe('download the board pack as a PDF file');
      const answer = await fetch(`${server.url}/changes/board-pack.pdf?${SHIPPED}`, {
        headers: { cookie: boardMember.cookieHeader },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/pdf');
      expect(answer.headers.get('content-disposition')).toBe(
        'attachment; filename="board-pack-2023-03-01-to-2023-03-31.pdf"',
      );
      const pdf = Buffer.from(await answer.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = await pdfPages(pdf);
      expect(pages[0]).toContain(
        'Changes between 1 March 2023 and 31 March 2023, by the date things happened',
      );
      expect(pages[0]).toMatch(/As recorded at .+, at position \d+ of the history/);
      const evaluations = pages.find((text) => text.includes('Evaluations published (1)'))!;
      expect(evaluations).toContain(
        "Social Workers in Schools (SWIS) trial What Works for Children's Social Care No effect 30 March 2023",
      );
      const catalog = pdfCatalog(pdf);
      expect(catalog).toContain('/MarkInfo << /Marked true >>');
      expect(catalog).toMatch(/\/StructTreeRoot \d+ 0 R/);
      expect(catalog).toContain('/Lang (en-GB)');
    }, 60_000);
  });
});
