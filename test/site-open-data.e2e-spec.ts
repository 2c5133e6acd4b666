import { parse } from 'csv-parse/sync';
import { xml2js, type Element } from 'xml-js';
import { browserSuite, JAVASCRIPT, scrollsSideways, SiteBrowser } from './site-browser';
import { readFileSync } from 'fs';
import { join } from 'path';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const PROGRAMME = 'open-data-hubs';
const RECOMMENDATION = 'CSC-OPEN-DATA';
const OGL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';
const ATOM = 'http://www.w3.org/2005/Atom';
const FILES = [
  'register',
  'programmes',
  'programme-facts',
  'area-rollouts',
  'evaluations',
  'history',
];
/** How many recommendations the shipped data holds. */
const SHIPPED_RECOMMENDATIONS = (
  JSON.parse(
    readFileSync(join(__dirname, '..', 'reference-data', 'recommendations.json'), 'utf8'),
  ) as { recommendations: unknown[] }
).recommendations.length;

/** What the public must never see, written into events through the API below. */
const NEVER_PUBLIC = {
  boardName: 'Beatrix Neverpublic-Board',
  officerName: 'Oswald Neverpublic-Officer',
  commentary: 'Commentary-never-public: the head of service is off sick',
  commandId: 'command-never-public-7f3a',
};

interface Download {
  status: number;
  headers: Headers;
  text: string;
}

const children = (element: Element, name: string): Element[] =>
  (element.elements ?? []).filter((child) => child.name === name);
const textOf = (element: Element | undefined): string =>
  (element?.elements ?? []).map((child) => String(child.text ?? child.cdata ?? '')).join('');
/** The feed element of an Atom document, parsed as XML. */
const atomRoot = (xml: string): Element =>
  (xml2js(xml) as Element).elements!.find((element) => element.name === 'feed')!;

describe('the open data and the feeds over HTTP', () => {
  const server = new TrackerServer('site-open-data');
  const tokens: Record<string, string> = {};
  /** The token ids, which events record as their actor's id. */
  const tokenIds: string[] = [];

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Download> => {
    const response = await fetch(`${server.url}${path}`, { headers });
    // Kept as sent: response.text() would drop the byte order mark.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, text };
  };
  const mutate = async (name: string, input: Record<string, unknown>, token: string) => {
    const answer = await server.gql(
      `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { __typename } }`,
      { input },
      token,
    );
    expect(answer.errors).toBeUndefined();
  };
  const json = async (path: string) => JSON.parse((await get(path)).text);
  const csvRows = (text: string): Record<string, string>[] =>
    parse<Record<string, string>>(text, { bom: true, columns: true });

  beforeAll(async () => {
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', NEVER_PUBLIC.boardName);
    tokens.officer = server.createToken('LOCAL_AUTHORITY', NEVER_PUBLIC.officerName, LAMBETH);
    tokenIds.push(...Object.values(tokens).map((token) => token.slice(3, token.indexOf('.'))));
    await mutate(
      'proposeRecommendation',
      {
        id: RECOMMENDATION,
        title: 'Publish the tracker as open data',
        theme: 'Implementation',
        sourceId: 'ircsc-final-report-2022',
        occurredAt: '2025-05-01',
      },
      tokens.board,
    );
    await mutate(
      'acceptRecommendation',
      { id: RECOMMENDATION, reason: 'Transparency', occurredAt: '2025-06-01' },
      tokens.board,
    );
    await mutate(
      'createProgramme',
      {
        id: PROGRAMME,
        name: 'Open data hubs',
        recommendations: ['CSC-SWIS'],
        milestones: [{ key: 'hub-open', title: 'Hub open', targetDate: '2026-01-31' }],
      },
      tokens.board,
    );
    await mutate(
      'enrolArea',
      { programmeId: PROGRAMME, areaCode: LAMBETH, enrolledOn: '2025-09-01' },
      tokens.board,
    );
    await mutate(
      'reportMilestone',
      {
        programmeId: PROGRAMME,
        areaCode: LAMBETH,
        milestoneKey: 'hub-open',
        achievedOn: '2025-12-01',
        reason: 'Opened on time',
        evidence: ['https://example.org/hub-minutes'],
        commandId: NEVER_PUBLIC.commandId,
      },
      tokens.officer,
    );
    await mutate(
      'reportStatus',
      {
        programmeId: PROGRAMME,
        areaCode: LAMBETH,
        rag: 'AMBER',
        commentary: NEVER_PUBLIC.commentary,
        periodStart: '2025-10-01',
        periodEnd: '2025-12-31',
      },
      tokens.officer,
    );
  });
  afterAll(() => server.dispose());

  it.each(FILES)(
    'serves %s.csv stamped, under the licence, as every export is written',
    async (name) => {
      const file = await get(`/open-data/${name}.csv`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(file.headers.get('link')).toBe(`<${OGL}>; rel="license"`);
      const asOf = file.headers.get('x-data-as-of')!;
      const position = file.headers.get('x-store-position')!;
      expect(new Date(asOf).toISOString()).toBe(asOf);
      expect(Number(position)).toBeGreaterThan(0);
      const stampInName = `${asOf.slice(0, 10)}T${asOf.slice(11, 19).replace(/:/g, '')}Z-pos${position}`;
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="${name}-${stampInName}.csv"`,
      );
      expect(file.text.startsWith('\uFEFF')).toBe(true);
      // Lines end with CRLF; a bare LF is only ever inside a quoted field.
      const outsideQuotes = file.text.replace(/"(?:[^"]|"")*"/g, '');
      expect(outsideQuotes.split('\r\n').filter((line) => line.includes('\n'))).toEqual([]);
      expect(file.text.endsWith('\r\n')).toBe(true);
      expect(csvRows(file.text).length).toBeGreaterThan(0);
    },
  );

  it.each(FILES)(
    'serves %s.json with its licence, as-of instant and store position',
    async (name) => {
      const file = await get(`/open-data/${name}.json`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = JSON.parse(file.text);
      expect(body).toMatchObject({
        licence: { url: OGL },
        asOf: file.headers.get('x-data-as-of'),
        validAt: null,
        storePosition: Number(file.headers.get('x-store-position')),
      });
      expect(body.data.length).toBeGreaterThan(0);
    },
  );

  it('has the register, the programme, its area and the public history in the files', async () => {
    const register = csvRows((await get('/open-data/register.csv')).text);
    expect(register).toHaveLength(SHIPPED_RECOMMENDATIONS + 1);
    expect(register.find((row) => row.id === RECOMMENDATION)).toMatchObject({
      stage: 'ACCEPTED',
      acceptanceDecision: 'ACCEPTED_IN_FULL',
      decisionReason: 'Transparency',
    });
    // Its source by title and link, and the government's response beside the stage.
    expect(register.find((row) => row.id === 'CSC-FRAMEWORK')).toMatchObject({
      stage: 'ROLLED_OUT',
      sourceId: 'ircsc-final-report-2022',
      sourceName: "The independent review of children's social care: final report",
      governmentResponse: 'ACCEPTED_IN_FULL',
      respondedOn: '2022-05-23',
    });
    const programmes = (await json('/open-data/programmes.json')).data;
    expect(programmes).toContainEqual(
      expect.objectContaining({ id: PROGRAMME, areasEnrolled: 1, areasTotal: 153 }),
    );
    const areas = csvRows((await get('/open-data/area-rollouts.csv')).text);
    expect(areas.find((row) => row.programmeId === PROGRAMME)).toMatchObject({
      areaCode: LAMBETH,
      areaName: 'Lambeth',
      milestonesAchieved: '1',
      rag: 'AMBER',
    });
    const history = (await json('/open-data/history.json')).data;
    expect(history).toContainEqual(
      expect.objectContaining({
        type: 'MilestoneAchieved',
        title: "Lambeth achieved 'Hub open'",
        actor: 'Lambeth, local authority officer',
        reason: 'Opened on time',
        evidence: ['https://example.org/hub-minutes'],
        page: `/programmes/${PROGRAMME}`,
      }),
    );
    expect(
      history.find((entry: { type: string }) => entry.type === 'StatusReported').facts,
    ).toEqual({ rag: 'AMBER', periodStart: '2025-10-01', periodEnd: '2025-12-31' });
    const enrolled = history.find(
      (entry: { type: string; programmeId: string }) =>
        entry.type === 'AreaEnrolled' && entry.programmeId === PROGRAMME,
    );
    expect(enrolled.actor).toBe('National Implementation Board');
  });

  it('shows the files as things stood on a date, and as recorded on a date', async () => {
    const before = await get('/open-data/programmes.json?asOf=2020-01-01');
    expect(before.headers.get('x-data-as-of')).toBe('2020-01-01T23:59:59.999Z');
    expect(JSON.parse(before.text)).toMatchObject({ asOf: '2020-01-01T23:59:59.999Z', data: [] });
    expect(before.headers.get('content-disposition')).toContain(
      'programmes-2020-01-01T235959Z-pos',
    );
    expect((await json('/open-data/history.json?asOf=2020-01-01')).data).toEqual([]);

    const then = await json('/open-data/register.json?validAt=2022-06-01');
    expect(then.validAt).toBe('2022-06-01T22:59:59.999Z');
    expect(then.data.find((row: { id: string }) => row.id === 'CSC-FRAMEWORK').stage).toBe(
      'ACCEPTED',
    );
    const enrolled = await json('/open-data/area-rollouts.json?validAt=2025-08-31');
    expect(
      enrolled.data.filter((row: { programmeId: string }) => row.programmeId === PROGRAMME),
    ).toEqual([]);
  });

  it('refuses a date that is not a date, and a file that is not there', async () => {
    const wrong = await get('/open-data/register.csv?asOf=2026-02-30');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('must be a real date');
    expect((await get('/open-data/tokens.csv')).status).toBe(404);
    expect((await get('/open-data/register.xlsx')).status).toBe(404);
  });

  it('answers 304 to a current validator, and 200 once the store moved on', async () => {
    const first = await get('/open-data/register.csv');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect((await get('/open-data/register.csv', { 'if-none-match': etag })).status).toBe(304);
    expect(
      (await get('/open-data/register.csv?validAt=2022-06-01', { 'if-none-match': etag })).status,
    ).toBe(200);
    const feed = await get('/feeds/changes.atom');
    expect(
      (await get('/feeds/changes.atom', { 'if-none-match': feed.headers.get('etag')! })).status,
    ).toBe(304);
    await mutate(
      'reportStatus',
      {
        programmeId: PROGRAMME,
        areaCode: LAMBETH,
        rag: 'GREEN',
        commentary: NEVER_PUBLIC.commentary,
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
      },
      tokens.officer,
    );
    expect((await get('/open-data/register.csv', { 'if-none-match': etag })).status).toBe(200);
  });

  it('publishes Atom feeds of the changes that link to the public pages', async () => {
    const changes = await get('/feeds/changes.atom');
    expect(changes.status).toBe(200);
    expect(changes.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const root = atomRoot(changes.text);
    expect(root.attributes?.xmlns).toBe(ATOM);
    const entries = children(root, 'entry');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThanOrEqual(50);
    const achieved = entries.find(
      (entry) => textOf(children(entry, 'title')[0]) === "Lambeth achieved 'Hub open'",
    );
    expect(children(achieved!, 'link')[0].attributes?.href).toBe(
      `${server.url}/programmes/${PROGRAMME}`,
    );
    expect(textOf(children(achieved!, 'id')[0])).toMatch(
      /^tag:reform-tracker,2026:rollout-open-data-hubs\.E09000022\/\d+$/,
    );

    const programme = atomRoot((await get(`/feeds/programmes/${PROGRAMME}.atom`)).text);
    expect(
      children(programme, 'entry').map((entry) => textOf(children(entry, 'title')[0])),
    ).toContain('Lambeth enrolled in Open data hubs');
    const recommendation = atomRoot((await get('/feeds/recommendations/CSC-FRAMEWORK.atom')).text);
    const links = children(recommendation, 'entry').map(
      (entry) => children(entry, 'link')[0].attributes?.href,
    );
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(links)).toEqual(new Set([`${server.url}/register/CSC-FRAMEWORK`]));

    const ours = children(
      atomRoot((await get(`/feeds/recommendations/${RECOMMENDATION}.atom`)).text),
      'entry',
    );
    expect(ours.map((entry) => textOf(children(entry, 'title')[0]))).toEqual([
      `Recommendation ${RECOMMENDATION} accepted in full`,
      `Recommendation ${RECOMMENDATION} proposed`,
    ]);
    expect(textOf(children(children(ours[0], 'author')[0], 'name')[0])).toBe(
      'National Implementation Board',
    );

    expect((await get('/feeds/recommendations/CSC-NOTHING.atom')).status).toBe(404);
    expect((await get('/feeds/programmes/nothing.atom')).status).toBe(404);
    expect((await get(`/feeds/programmes/${PROGRAMME}.rss`)).status).toBe(404);
  });

  it('lists in a feed only what was recorded, and had happened, by the date it is asked for', async () => {
    const before = atomRoot((await get('/feeds/changes.atom?asOf=2020-01-01')).text);
    expect(children(before, 'entry')).toEqual([]);
    expect(textOf(children(before, 'title')[0])).toBe(
      'Reform Tracker: latest changes, as recorded on 1 January 2020',
    );
    expect(children(before, 'link').map((link) => link.attributes)).toContainEqual({
      rel: 'self',
      href: `${server.url}/feeds/changes.atom?asOf=2020-01-01`,
    });
    const ours = atomRoot(
      (await get(`/feeds/recommendations/${RECOMMENDATION}.atom?asOf=2020-01-01`)).text,
    );
    expect(children(ours, 'entry')).toEqual([]);

    const published = (xml: string) =>
      children(atomRoot(xml), 'entry').map((entry) => textOf(children(entry, 'published')[0]));
    const then = published((await get('/feeds/changes.atom?validAt=2022-06-01')).text);
    expect(then.length).toBeGreaterThan(0);
    expect(then.every((occurredAt) => occurredAt < '2022-06-02')).toBe(true);
    expect(published((await get('/feeds/changes.atom')).text).some((at) => at > '2022-06-02')).toBe(
      true,
    );

    const wrong = await get(`/feeds/programmes/${PROGRAMME}.atom?asOf=2026-02-30`);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('must be a real date');
  });

  it('shows no name, token, command id or status commentary in any download, feed or page', async () => {
    const paths = [
      ...FILES.flatMap((name) => [`/open-data/${name}.csv`, `/open-data/${name}.json`]),
      '/feeds/changes.atom',
      `/feeds/programmes/${PROGRAMME}.atom`,
      `/feeds/recommendations/${RECOMMENDATION}.atom`,
      // The pages that show the same history.
      '/register',
      `/register/${RECOMMENDATION}`,
      '/open-data',
      '/programmes',
      `/programmes/${PROGRAMME}`,
      `/programmes/${PROGRAMME}/areas/${LAMBETH}`,
    ];
    const secrets = [...Object.values(NEVER_PUBLIC), ...tokenIds, ...Object.values(tokens)];
    for (const path of paths) {
      const { status, text } = await get(path);
      expect(status).toBe(200);
      for (const secret of secrets)
        expect({ path, found: text.includes(secret) }).toEqual({ path, found: false });
    }
    // The check can fail: the signed-in history holds every one of them.
    const history = await fetch(`${server.url}/exports/audit?format=jsonl`, {
      headers: { authorization: `Bearer ${tokens.board}` },
    }).then((response) => response.text());
    for (const secret of [
      NEVER_PUBLIC.officerName,
      NEVER_PUBLIC.commentary,
      NEVER_PUBLIC.commandId,
      ...tokenIds,
    ]) {
      expect(history).toContain(secret);
    }
  });

  it('describes every file, its columns and the licence on the data dictionary page', async () => {
    const page = await get('/open-data');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    for (const name of FILES) {
      expect(page.text).toContain(`href="/open-data/${name}.csv"`);
      expect(page.text).toContain(`href="/open-data/${name}.json"`);
    }
    for (const column of ['governmentResponse', 'respondedOn', 'areasEnrolled', 'actor']) {
      expect(page.text).toContain(`<code>${column}</code>`);
    }
    expect(page.text).toContain(`href="${OGL}"`);
    expect(page.text).toContain('?asOf=');
  });
  browserSuite('the data dictionary in a browser')('the data dictionary in a browser', () => {
    let browser: SiteBrowser;
    beforeAll(async () => {
      browser = await SiteBrowser.launch();
    });
    afterAll(() => browser?.close());

    it.each(JAVASCRIPT)(
      'with JavaScript %s: reads it, downloads the register and follows the feed',
      async (label, javaScriptEnabled) => {
        await browser.withPage(
          `open data, JavaScript ${label}`,
          { javaScriptEnabled },
          async (page) => {
            await page.goto(`${server.url}/open-data`);
            expect(await page.title()).toBe('Open data – Reform Tracker');
            await browser.expectAccessible(page);
            const [download] = await Promise.all([
              page.waitForEvent('download'),
              page.getByRole('link', { name: 'The register of recommendations (CSV)' }).click(),
            ]);
            expect(download.suggestedFilename()).toMatch(
              /^register-\d{4}-\d{2}-\d{2}T\d{6}Z-pos\d+\.csv$/,
            );
            const [feed] = await Promise.all([
              page.waitForResponse((response) => response.url().endsWith('/feeds/changes.atom')),
              page.getByRole('link', { name: '/feeds/changes.atom' }).click(),
            ]);
            expect(feed.status()).toBe(200);
          },
        );
      },
    );

    it('fits a 320 px wide screen, the column tables scrolling on their own', async () => {
      await browser.withPage(
        'open data at 320 px',
        { javaScriptEnabled: true, width: 320 },
        async (page) => {
          await page.goto(`${server.url}/open-data`);
          expect(await scrollsSideways(page)).toBe(false);
          await browser.expectAccessible(page);
        },
      );
    });
  });
});
