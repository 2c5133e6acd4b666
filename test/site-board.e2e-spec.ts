import { tableRows, texts } from './support/html';
import { SignedInClient } from './support/signed-in-client';
import { reportStatusThroughApi } from './support/status-report';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SWIS = 'social-workers-in-schools';
const COMMENTARY = 'Two schools are still to sign: for the board only';
const OFFICER = 'Priya Officer-of-Lambeth';

/**
 * The board's signed-in pages over HTTP: the overview's figures against the API's, what only
 * signed-in readers see of an area (its status commentary, who reported, by name), and who may
 * open which page.
 */
describe('the overview and the signed-in programme pages over HTTP', () => {
  const server = new TrackerServer('site-board');
  let officerToken = '';
  let officerEmail = '';
  let board: SignedInClient;

  beforeAll(async () => {
    await server.start();
    officerToken = server.createToken('LOCAL_AUTHORITY', OFFICER, LAMBETH);
    officerEmail = server.createAccount('LOCAL_AUTHORITY', OFFICER, LAMBETH);
    await reportStatusThroughApi(server, officerToken, {
      programmeId: SWIS,
      areaCode: LAMBETH,
      commentary: COMMENTARY,
    });
    board = await SignedInClient.signIn(server, server.createAccount('BOARD_MEMBER', 'Ada Board'));
  });
  afterAll(() => server.dispose());

  it('sends a visitor without a session to sign in, and back to the page asked for', async () => {
    for (const path of [
      '/overview',
      '/overview/programmes',
      `/overview/programmes/${SWIS}/areas/${LAMBETH}?validAt=2024-06-30`,
    ]) {
      const answer = await new SignedInClient(server.url).get(path);
      expect(answer.status).toBe(303);
      expect(answer.location).toBe(`/sign-in?${new URLSearchParams({ next: path }).toString()}`);
    }
  });

  it("shows the board the recommendations by stage and each programme's reach, as the API counts them", async () => {
    const api = await server.gql(
      `{ recommendationStageCounts { stage count }
         programme(id: "${SWIS}") { name rollout { coverage { enrolled totalAreas } } } }`,
      {},
      officerToken,
    );
    const answer = await board.get('/overview');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const stages = tableRows(answer.text, 'stages');
    const counts = api.data!.recommendationStageCounts as { stage: string; count: number }[];
    const total = counts.reduce((sum, { count }) => sum + count, 0);
    expect(total).toBeGreaterThan(0);
    expect(stages.at(-1)).toEqual(['All stages', String(total)]);
    const funded = counts.find((count) => count.stage === 'FUNDED')!.count;
    expect(stages).toContainEqual(['Funded', `${funded} funded`]);
    expect(answer.text).toContain('href="/register?stage=FUNDED"');

    const { name, rollout } = api.data!.programme;
    const row = tableRows(answer.text, 'coverage').find((cells) => cells[0] === name)!;
    expect(row[1]).toBe(`${rollout.coverage.enrolled} of ${rollout.coverage.totalAreas}`);
    expect(answer.text).toContain(`href="/overview/programmes/${SWIS}"`);
  });

  it('lists what is late, the most first, and what changed in the last four weeks, by name', async () => {
    const { text } = await board.get('/overview');
    const late = tableRows(text, 'late-by-region').map((row) => Number(row[3]));
    expect(late).toEqual([...late].sort((a, b) => b - a));
    const days = tableRows(text, 'most-overdue').map((row) => Number(row[4]));
    expect(days.length).toBeGreaterThan(0);
    expect(days).toEqual([...days].sort((a, b) => b - a));

    const changes = tableRows(text, 'changes');
    expect(changes[0]).toEqual([
      'Lambeth reported its status as amber for Social Workers in Schools (SWIS) trial',
      expect.stringMatching(/^\d{1,2} [A-Z][a-z]+ \d{4}$/),
      expect.stringMatching(/^\d{1,2}(:\d\d)?(am|pm) on \d{1,2} [A-Z][a-z]+ \d{4}$/),
      `${OFFICER} (Lambeth, local authority officer)`,
      'Quarterly return',
    ]);
    expect(text).toContain('href="/history"');
  });

  it('lists the changes of the date shown, and every problem with the dates in the words of the form', async () => {
    const then = await board.get('/overview?since=2020-01-01&validAt=2020-06-30');
    expect(then.text).toContain('Figures as things stood on 30 June 2020.');
    expect(then.text).toContain('changes recorded since 1 January 2020');
    // Reported today, the status had not happened by then.
    expect(tableRows(then.text, 'changes').map((row) => row[3])).not.toContainEqual(
      expect.stringContaining(OFFICER),
    );

    const wrong = await board.get(
      '/overview?since-day=1&since-year=2026&validAt-day=31&validAt-month=2&validAt-year=2024',
    );
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('<title>Error: Overview');
    const summary = texts(
      wrong.text,
      /<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/g,
    );
    expect(summary[0]).toContain('The date things stood on must be a real date');
    expect(summary[0]).toContain('The date to show changes since must include a month');
    expect(wrong.text).toContain('href="#since-month"');
    // What was typed stays, to be corrected.
    expect(wrong.text).toMatch(/id="since-year" name="since-year" type="text" value="2026"/);
  });

  it("shows the board an area's status commentary and who reported it, which the public page never shows", async () => {
    const path = `/overview/programmes/${SWIS}/areas/${LAMBETH}`;
    const signedIn = await board.get(path);
    expect(signedIn.status).toBe(200);
    expect(signedIn.text).toContain(COMMENTARY);
    const timeline = texts(signedIn.text, /<li class="app-timeline__step">([\s\S]*?)<\/li>/g);
    expect(timeline).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Status reported as amber for 1 January 2024 to 31 March 2024 .+, by ${OFFICER} \\(Lambeth, local authority officer\\) Recorded at .+ Commentary: ${COMMENTARY} Why: Quarterly return$`,
        ),
      ),
    );

    const programme = await board.get(`/overview/programmes/${SWIS}`);
    const lambeth = tableRows(programme.text, 'areas').find((row) => row[0] === 'Lambeth')!;
    expect(lambeth[5]).toBe(`Amber ${COMMENTARY}`);

    for (const publicPath of [`/programmes/${SWIS}`, `/programmes/${SWIS}/areas/${LAMBETH}`]) {
      const html = await (await fetch(`${server.url}${publicPath}`)).text();
      expect(html).toContain('Lambeth');
      expect(html).not.toContain(COMMENTARY);
      expect(html).not.toContain(OFFICER);
    }
  });

  it('shows a programme as it stood on an earlier date, keeping the date in its links', async () => {
    const { text } = await board.get(
      `/overview/programmes/${SWIS}?validAt-day=30&validAt-month=6&validAt-year=2020`,
    );
    expect(text).toContain('Figures as things stood on 30 June 2020.');
    expect(text).toContain('3 of 153 local authorities');
    expect(text).toContain(
      `href="/overview/programmes/${SWIS}/areas/${LAMBETH}?validAt=2020-06-30"`,
    );
    const list = await board.get('/overview/programmes?validAt=2020-06-30');
    expect(list.text).toContain(`href="/overview/programmes/${SWIS}?validAt=2020-06-30"`);
    const kent = await board.get(`/overview/programmes/${SWIS}/areas/E10000016`);
    expect(kent.text).toMatch(/Kent was not enrolled in this programme, as of/);
    expect((await board.get('/overview/programmes/no-such-programme')).status).toBe(404);
  });

  it('names who is signed in, with their pages and a way to sign out, on every page they open', async () => {
    for (const path of [
      '/overview',
      '/overview/programmes',
      `/overview/programmes/${SWIS}`,
      `/overview/programmes/${SWIS}/areas/${LAMBETH}`,
      '/history',
      '/history/verify',
    ]) {
      const { status, text } = await board.get(path);
      const navigation = /<nav[^>]*govuk-service-navigation[\s\S]*?<\/nav>/.exec(text)?.[0] ?? '';
      expect([path, status]).toEqual([path, 200]);
      expect([path, texts(navigation, /<a[^>]*>([\s\S]*?)<\/a>/g)]).toEqual([
        path,
        ['Overview', 'Programmes', 'History', 'Digests', 'API tokens'],
      ]);
      expect(navigation).toContain('Ada Board');
      expect(navigation).toMatch(/<form method="post" action="\/sign-out"[\s\S]*name="_csrf"/);
    }
  });

  it('opens the programme pages to auditors and admins, and to no local authority', async () => {
    for (const role of ['AUDITOR', 'ADMIN']) {
      const reader = await SignedInClient.signIn(server, server.createAccount(role, role));
      expect((await reader.get(`/overview/programmes/${SWIS}`)).status).toBe(200);
    }
    const officer = await SignedInClient.signIn(server, officerEmail);
    for (const path of [
      '/overview/programmes',
      `/overview/programmes/${SWIS}`,
      `/overview/programmes/${SWIS}/areas/${LAMBETH}`,
    ]) {
      const refused = await officer.get(path);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain(COMMENTARY);
    }
  });

  it("shows a local authority the national overview, linking no programme page, and its own area's changes", async () => {
    const officer = await SignedInClient.signIn(server, officerEmail);
    const { status, text } = await officer.get('/overview');
    expect(status).toBe(200);
    expect(text).not.toContain('href="/overview/programmes');
    expect(text).not.toContain('href="/history"');
    expect(tableRows(text, 'coverage').length).toBeGreaterThan(0);
    expect(tableRows(text, 'changes')[0][3]).toBe(`${OFFICER} (Lambeth, local authority officer)`);
    // The history scope: the changes it is shown are its own area's.
    for (const row of tableRows(text, 'changes')) expect(row[0]).toMatch(/^Lambeth /);
  });
});
