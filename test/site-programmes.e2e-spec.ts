import { tableRows } from './support/html';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SWIS = 'social-workers-in-schools';
const COMMENTARY = 'Commentary for signed-in eyes only';
const OFFICER = 'Priya Officer-of-Lambeth';

describe('the public programme pages over HTTP', () => {
  const server = new TrackerServer('site-programmes');
  let token = '';
  const page = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { response, html: await response.text() };
  };

  /** Lambeth's officer reports on its rollout of the trial. */
  const report = async (mutation: string, input: Record<string, unknown>): Promise<void> => {
    const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
    const answer = await server.gql(
      `mutation($input: ${type}!) { ${mutation}(input: $input) { version } }`,
      { input: { programmeId: SWIS, areaCode: LAMBETH, ...input } },
      token,
    );
    expect(answer.errors).toBeUndefined();
  };

  beforeAll(async () => {
    await server.start();
    token = server.createToken('LOCAL_AUTHORITY', OFFICER, LAMBETH);
    await report('reportStatus', {
      rag: 'AMBER',
      commentary: COMMENTARY,
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
      reason: 'Quarterly return',
    });
    await report('reportMilestone', {
      milestoneKey: 'schools-recruited',
      achievedOn: '2020-10-01',
      reason: 'Agreed with the schools',
      evidence: ['https://example.org/swis-schools'],
    });
  });
  afterAll(() => server.dispose());

  it('lists the programmes with their coverage, without a token', async () => {
    const { response, html } = await page('/programmes');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const rows = tableRows(html, 'programmes-table');
    expect(rows).toContainEqual([
      'Social Workers in Schools (SWIS) trial',
      '24 of 153',
      '4',
      expect.stringMatching(/%$/),
    ]);
    expect(html).toContain(`href="/programmes/${SWIS}"`);
    expect(html).toMatch(/Figures as of \d{1,2} [A-Z][a-z]+ \d{4}\./);
  });

  it("shows a programme's coverage, its map of 153 linked areas, and tables that add up", async () => {
    const { response, html } = await page(`/programmes/${SWIS}`);
    expect(response.status).toBe(200);
    expect(html).toContain(
      '<h1 class="govuk-heading-l">Social Workers in Schools (SWIS) trial</h1>',
    );
    expect(html).toContain('24 of 153 local authorities');

    const svg = html.match(/<svg[\s\S]*?<\/svg>/)![0];
    const hexes = [...svg.matchAll(/<a href="([^"]+)"[^>]*><title>([^<]+)<\/title><polygon /g)];
    expect(hexes).toHaveLength(153);
    expect(new Set(hexes.map(([, href]) => href)).size).toBe(153);
    expect(hexes.map(([, href]) => href)).toContain(`/programmes/${SWIS}/areas/${LAMBETH}`);
    expect(hexes.map(([, , title]) => title)).toContain(
      'Lambeth, London: in progress, 1 of 4 milestones achieved, status amber',
    );
    expect(hexes.map(([, , title]) => title)).toContain('Kent, South East: not enrolled');

    const regions = tableRows(html, 'regions');
    const [england, ...byRegion] = [regions.at(-1)!, ...regions.slice(0, -1)];
    expect(byRegion).toHaveLength(9);
    expect(england.slice(0, 3)).toEqual(['England', '153', '24']);
    for (const column of [1, 2, 3, 4]) {
      const total = byRegion.reduce((sum, row) => sum + Number(row[column]), 0);
      expect(total).toBe(Number(england[column]));
    }

    const areas = tableRows(html, 'areas');
    expect(areas).toHaveLength(24);
    expect(areas.find((row) => row[0] === 'Lambeth')).toEqual([
      'Lambeth',
      'London',
      'In progress',
      '1 of 4',
      'Amber',
      '1 January 2019',
    ]);
  });

  it('shows fewer areas as things stood on an earlier date, from the date inputs or the ISO query', async () => {
    const fromInputs = await page(
      `/programmes/${SWIS}?validAt-day=30&validAt-month=6&validAt-year=2020`,
    );
    expect(fromInputs.response.status).toBe(200);
    expect(fromInputs.html).toContain('Figures as things stood on 30 June 2020.');
    expect(fromInputs.html).toContain('3 of 153 local authorities');
    expect(
      tableRows(fromInputs.html, 'areas')
        .map((row) => row[0])
        .sort(),
    ).toEqual(['Lambeth', 'Southampton', 'Stockport']);
    // Links keep the date.
    expect(fromInputs.html).toContain(
      `href="/programmes/${SWIS}/areas/${LAMBETH}?validAt=2020-06-30"`,
    );

    const fromQuery = await page(`/programmes/${SWIS}?validAt=2020-06-30`);
    expect(tableRows(fromQuery.html, 'regions')).toEqual(tableRows(fromInputs.html, 'regions'));
  });

  it("links a programme's pages and its areas' pages to its feed and to the whole tracker's", async () => {
    const feeds = (html: string) =>
      [...html.matchAll(/<link rel="alternate" type="application\/atom\+xml" href="([^"]+)"/g)].map(
        ([, href]) => href,
      );
    const both = ['/feeds/changes.atom', `/feeds/programmes/${SWIS}.atom`];
    expect(feeds((await page(`/programmes/${SWIS}`)).html)).toEqual(both);
    expect(feeds((await page(`/programmes/${SWIS}/areas/${LAMBETH}`)).html)).toEqual(both);
    // Kent was never enrolled: its page says so, and still follows the programme.
    expect(feeds((await page(`/programmes/${SWIS}/areas/E10000016`)).html)).toEqual(both);
    expect(feeds((await page('/programmes')).html)).toEqual(['/feeds/changes.atom']);
    const feed = await fetch(`${server.url}/feeds/programmes/${SWIS}.atom`);
    expect(feed.status).toBe(200);
  });

  it("shows an area's public timeline with role and organisation, never names or commentary", async () => {
    const { response, html } = await page(`/programmes/${SWIS}/areas/${LAMBETH}`);
    expect(response.status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-l">Lambeth</h1>');
    expect(html).toContain('Amber for 1 January 2024 to 31 March 2024');
    const [, timeline] = html.match(/<ol[^>]*id="timeline">([\s\S]*?)<\/ol>/)!;
    const steps = timeline
      .split('<li class="app-timeline__step">')
      .slice(1)
      .map((step) =>
        step
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    const achieved = steps.find((step) => step.startsWith('Schools recruited'))!;
    expect(achieved).toMatch(
      /^Schools recruited: achieved on 1 October 2020 1 October 2020, by .+ Why: Agreed with the schools Evidence: https:\/\/example.org\/swis-schools$/,
    );
    expect(steps).toContainEqual(
      expect.stringContaining('Status reported as amber for 1 January 2024 to 31 March 2024'),
    );
    expect(html).toContain('href="https://example.org/swis-schools"');
  });

  it('says when an area was not enrolled, and answers 404 for what does not exist', async () => {
    const kent = await page(`/programmes/${SWIS}/areas/E10000016`);
    expect(kent.response.status).toBe(200);
    expect(kent.html).toMatch(/Kent was not enrolled in this programme, as of/);
    expect((await page('/programmes/no-such-programme')).response.status).toBe(404);
    expect((await page(`/programmes/${SWIS}/areas/E99999999`)).response.status).toBe(404);
  });

  it('lists the problems with a date in the error summary', async () => {
    const { html } = await page(
      `/programmes/${SWIS}?validAt-day=31&validAt-month=2&validAt-year=2024`,
    );
    expect(html).toContain('There is a problem');
    expect(html).toContain('The date things stood on must be a real date');
  });

  it('answers 304 to a current validator, and a new page once the store moves', async () => {
    for (const path of [
      '/programmes',
      `/programmes/${SWIS}`,
      `/programmes/${SWIS}/areas/${LAMBETH}`,
    ]) {
      const first = await page(path);
      const etag = first.response.headers.get('etag')!;
      expect(etag).toBeTruthy();
      expect(first.response.headers.get('last-modified')).toBeTruthy();
      const again = await fetch(`${server.url}${path}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    const before = (await page(`/programmes/${SWIS}`)).response.headers.get('etag')!;
    await report('reportMilestone', {
      milestoneKey: 'social-workers-in-post',
      achievedOn: '2020-11-01',
    });
    const after = await fetch(`${server.url}/programmes/${SWIS}`, {
      headers: { 'if-none-match': before },
    });
    expect(after.status).toBe(200);
  });

  it('shows no names, token ids or status commentary on any programme page', async () => {
    const tokenIds = server
      .tracker('token', 'list')
      .split('\n')
      .map((line) => line.split('\t')[0]);
    expect(tokenIds.length).toBeGreaterThan(0);
    for (const path of [
      '/programmes',
      `/programmes/${SWIS}`,
      `/programmes/${SWIS}/areas/${LAMBETH}`,
      `/programmes/${SWIS}/areas/${LAMBETH}?validAt=2024-06-30`,
    ]) {
      const { html } = await page(path);
      expect(html).not.toContain(COMMENTARY);
      expect(html).not.toContain(OFFICER);
      expect(html).not.toContain(token);
      for (const id of tokenIds) expect(html).not.toContain(id);
    }
  });
});
