import { existsSync, mkdirSync } from 'fs';
import { join } from 'path';
import { type Browser, type BrowserServer, chromium, type Page } from 'playwright-core';
import { E2E_EVENT_STORE, ROOT, TrackerServer } from './support/tracker-server';

/**
 * The web dashboard in real headless Chromium (Debian's, driven by playwright-core), against the
 * built server. Run in the SQLite pass only: the dashboard is a client of the same GraphQL API,
 * whose behaviour on each store the API suites already check; a second browser pass would add
 * a minute and nothing store-specific. Without Chromium the suite is skipped with the reason
 * printed, except under CI=true, where that fails. A failing test leaves a screenshot in
 * test/screenshots/.
 */
/** The page's globals that callbacks run in the browser use (the project compiles without DOM). */
declare const document: { activeElement: { id?: string } | null };
declare const sessionStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SCREENSHOTS = join(ROOT, 'test', 'screenshots');
const TOKEN_KEY = 'reform-tracker.token';
const SWIS = 'social-workers-in-schools';
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const LONDON = 'E12000007';
/** The budgets of the issue: a first view under one second, under 300 KB of JavaScript. */
const JS_BUDGET_BYTES = 300 * 1024;

function skipReason(): string | null {
  if (E2E_EVENT_STORE !== 'sqlite') {
    return 'they run in the SQLite pass only (the dashboard is a client of the same API)';
  }
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true') {
    return `${CHROMIUM} is missing (apt-get install -y chromium)`;
  }
  return null;
}

const reason = skipReason();
if (reason) process.stderr.write(`Skipping the dashboard browser tests: ${reason}.\n`);
const suite = reason ? describe.skip : describe;

/** "23 November 2026", as the dashboard writes dates. */
const longDate = (date: string): string =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(date));
const daysAgo = (days: number): string =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

suite('the web dashboard in headless Chromium', () => {
  let server: TrackerServer;
  let browserServer: BrowserServer;
  let browser: Browser;
  const tokens: Record<'board' | 'admin' | 'auditor' | 'lambeth', string> = {
    board: '',
    admin: '',
    auditor: '',
    lambeth: '',
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing; under CI=true the browser tests must run`);
    }
    server = new TrackerServer('dashboard');
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.admin = server.createToken('ADMIN', 'Alan Admin');
    tokens.auditor = server.createToken('AUDITOR', 'Audrey Auditor');
    tokens.lambeth = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
    // Launched as a server so that teardown holds the process and can kill it.
    browserServer = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    browser = await chromium.connect(browserServer.wsEndpoint());
  }, 120_000);

  afterAll(async () => {
    // Chromium now and then never answers a close in this container: it is a test tool, so
    // after a grace period it is killed rather than left to hold the run.
    const closed = await Promise.race([
      browser?.close().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000).unref()),
    ]);
    if (!closed) process.stderr.write('Chromium did not close within 10 s; killed\n');
    await browserServer?.kill();
    await server?.dispose();
  }, 60_000);

  const gql = async (
    query: string,
    variables: Record<string, unknown> = {},
    token = tokens.board,
  ) => {
    const response = await server.gql(query, variables, token);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data as Record<string, any>;
  };

  /**
   * A test in a fresh browser context (its own sessionStorage). Page errors and console errors
   * (a failed load, a Content-Security-Policy refusal) fail it; a failure saves a screenshot.
   */
  const inBrowser = (
    name: string,
    body: (page: Page) => Promise<void>,
    { timeout = 60_000, expectedConsole = null as RegExp | null } = {},
  ) =>
    it(
      name,
      async () => {
        const context = await browser.newContext({
          viewport: { width: 1280, height: 900 },
          locale: 'en-GB',
        });
        const page = await context.newPage();
        page.setDefaultTimeout(10_000);
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() !== 'error' || expectedConsole?.test(message.text())) return;
          problems.push(`console: ${message.text()}`);
        });
        try {
          await body(page);
          expect(problems).toEqual([]);
        } catch (error) {
          mkdirSync(SCREENSHOTS, { recursive: true });
          const file = join(SCREENSHOTS, `${name.replace(/\W+/g, '-').slice(0, 80)}.png`);
          await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
          process.stderr.write(`Screenshot of the failed test "${name}": ${file}\n`);
          if (problems.length) process.stderr.write(`${problems.join('\n')}\n`);
          throw error;
        } finally {
          await context.close();
        }
      },
      timeout,
    );

  const ready = (page: Page, view: string) => page.waitForSelector(`main[data-ready="${view}"]`);

  const signIn = async (page: Page, token: string, view: string) => {
    await page.goto(`${server.url}/dashboard/`);
    await ready(page, 'signin');
    await page.fill('#token', token);
    await page.click('#sign-in button[type="submit"]');
    await ready(page, view);
  };

  /** Navigation to the rendered overview in a fresh context, and the JavaScript it loaded. */
  const coldFirstView = async (token: string) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.addInitScript(
        ([key, value]) => sessionStorage.setItem(key, value),
        [TOKEN_KEY, token],
      );
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') {
          sizes.push(response.body().then((body) => body.length));
        }
      });
      await page.goto(`${server.url}/dashboard/`);
      await page.waitForSelector('main[data-ready="overview"] #overview-body[data-slice="now"]');
      return { decoded: (await Promise.all(sizes)).reduce((sum, bytes) => sum + bytes, 0) };
    } finally {
      await context.close();
    }
  };

  const navTexts = (page: Page) =>
    page.locator('#navigation .govuk-service-navigation__link').allTextContents();
  const trimmed = (texts: string[]) => texts.map((text) => text.trim());

  it('serves the page, its modules and GOV.UK assets without a token, and nothing else', async () => {
    const page = await fetch(`${server.url}/dashboard/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/dashboard/app.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script

    for (const path of ['/dashboard/app.js', '/dashboard/govuk/govuk-frontend.min.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('content-encoding')).toBe('gzip'); // fetch asks for it
    }
    const css = await (await fetch(`${server.url}/dashboard/govuk/govuk-frontend.min.css`)).text();
    const assets = [...new Set([...css.matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1]))];
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect([asset, (await fetch(`${server.url}${asset}`)).status]).toEqual([asset, 200]);
    }
    const hexmap = await fetch(`${server.url}/reference-data/england-upper-tier-hexmap.hexjson`);
    const { layout, hexes } = (await hexmap.json()) as { layout: string; hexes: object };
    expect([layout, Object.keys(hexes).length]).toEqual(['odd-r', 153]);

    const etag = page.headers.get('etag')!;
    const again = await fetch(`${server.url}/dashboard/`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);

    for (const path of [
      '/dashboard/missing.js',
      '/dashboard/%2e%2e/%2e%2e/package.json',
      '/dashboard/..%2f..%2fpackage.json',
      '/assets/%2e%2e/govuk-frontend.min.js',
      '/reference-data/local-authorities.csv',
      '/package.json',
    ]) {
      expect([path, (await fetch(`${server.url}${path}`)).status]).toEqual([path, 404]);
    }
    // The data stays behind the token.
    expect((await server.gql('{ whoAmI { id } }')).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await fetch(`${server.url}/exports/rollout.csv?programme=${SWIS}`)).status).toBe(401);
    const { whoAmI } = await gql('{ whoAmI { name role organisation } }', {}, tokens.lambeth);
    expect(whoAmI).toEqual({ name: 'Lou Lambeth', role: 'LOCAL_AUTHORITY', organisation: LAMBETH });
  });

  inBrowser('signs in with a token as each role and shows that role its views', async (page) => {
    await page.goto(`${server.url}/dashboard/`);
    await ready(page, 'signin');
    await page.fill(
      '#token',
      'rt_00000000-0000-0000-0000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    await page.click('#sign-in button[type="submit"]');
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain(
      'The bearer token is unknown or revoked',
    );
    await expect(summary.evaluate((element) => element === document.activeElement)).resolves.toBe(
      true,
    );
    await expect(summary.locator('a').getAttribute('href')).resolves.toBe('#token');
    await expect(page.title()).resolves.toMatch(/^Error: /);

    const roles = [
      {
        token: tokens.board,
        name: 'Ada Board',
        home: 'overview',
        nav: ['Overview', 'Programmes', 'Sign out'],
      },
      {
        token: tokens.admin,
        name: 'Alan Admin',
        home: 'overview',
        nav: ['Overview', 'Programmes', 'Sign out'],
      },
      {
        token: tokens.auditor,
        name: 'Audrey Auditor',
        home: 'overview',
        nav: ['Overview', 'Programmes', 'History', 'Sign out'],
      },
      {
        token: tokens.lambeth,
        name: 'Lou Lambeth',
        home: 'report',
        nav: ['Overview', 'Report', 'Sign out'],
      },
    ];
    for (const role of roles) {
      await page.fill('#token', role.token);
      await page.click('#sign-in button[type="submit"]');
      await ready(page, role.home);
      expect(trimmed(await navTexts(page))).toEqual(role.nav);
      await expect(page.locator('.app-identity').textContent()).resolves.toContain(role.name);
      // The token is kept for the tab's session: a reload stays signed in.
      await page.reload();
      await ready(page, role.home);
      expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBe(role.token);
      await page.click('#navigation >> text=Sign out');
      await ready(page, 'signin');
      await expect(page.locator('main').textContent()).resolves.toContain('You have signed out.');
      expect(await page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBeNull();
    }

    // A page the role does not have says so (and the API would refuse its writes anyway).
    await signIn(page, tokens.lambeth, 'report');
    await page.goto(`${server.url}/dashboard/?view=history`);
    await ready(page, 'history');
    await expect(page.locator('h1').textContent()).resolves.toBe(
      'This page is not available to you',
    );
  });

  inBrowser(
    'reads the board overview: stages, coverage, overdue milestones and recent activity',
    async (page) => {
      const api = await gql(`{
      recommendationStageCounts { stage count }
      recommendations(first: 100) { totalCount nodes { id } }
      programmes { id name }
      overdueMilestones(first: 1) { totalCount }
      auditTrail(first: 1, newestFirst: true) { totalCount nodes { type } }
    }`);
      // The page weight is a budget the page must keep (speed is measured by bench/dashboard.ts,
      // not asserted here): a first view in a fresh context, nothing cached.
      await signIn(page, tokens.board, 'overview');
      const { decoded } = await coldFirstView(tokens.board);
      expect(decoded).toBeLessThan(JS_BUDGET_BYTES);

      // The stage chart: a bar and its number for every stage, as the API counts them.
      for (const { stage, count } of api.recommendationStageCounts) {
        await expect(
          page.locator(`#stage-chart [data-stage="${stage}"] [data-count]`).textContent(),
        ).resolves.toBe(String(count));
      }
      // The table sorts by any column, saying so in aria-sort; its buttons work from the keyboard.
      const rows = page.locator('#recommendations-table tbody tr');
      await expect(rows.count()).resolves.toBe(api.recommendations.totalCount);
      const ids = (api.recommendations.nodes as { id: string }[]).map((n) => n.id).sort();
      await page.focus('[data-sort-key="id"]');
      await page.keyboard.press('Enter');
      await expect(
        page
          .locator('#recommendations-table th:has([data-sort-key="id"])')
          .getAttribute('aria-sort'),
      ).resolves.toBe('ascending');
      await expect(rows.first().getAttribute('data-row-key')).resolves.toBe(ids[0]);
      await page.keyboard.press('Enter');
      await expect(
        page
          .locator('#recommendations-table th:has([data-sort-key="id"])')
          .getAttribute('aria-sort'),
      ).resolves.toBe('descending');
      await expect(rows.first().getAttribute('data-row-key')).resolves.toBe(ids[ids.length - 1]);
      await expect(
        page
          .locator('#recommendations-table th:has([data-sort-key="stage"])')
          .getAttribute('aria-sort'),
      ).resolves.toBe('none');

      // Coverage of every programme, each opening its map.
      await expect(page.locator('#coverage-table tbody tr').count()).resolves.toBe(
        api.programmes.length,
      );
      await expect(
        page.locator(`#coverage-table a[href*="id=${SWIS}"]`).textContent(),
      ).resolves.toBe(api.programmes.find((p: { id: string }) => p.id === SWIS).name);
      // The most overdue milestones (as many as the API counts, ten at most listed).
      const overdue = api.overdueMilestones.totalCount as number;
      if (overdue > 0) {
        await expect(page.locator('#overdue-heading + p').textContent()).resolves.toContain(
          `${overdue} milestone`,
        );
        await expect(page.locator('#overdue-table tbody tr').count()).resolves.toBe(
          Math.min(10, overdue),
        );
      } else {
        await expect(page.locator('#overdue-heading + p').textContent()).resolves.toBe(
          'No milestone was overdue.',
        );
      }
      // Recent activity: the newest ten events, newest first.
      await expect(page.locator('#activity-table tbody tr').count()).resolves.toBe(10);
      const newestType = (api.auditTrail.nodes[0].type as string).replace(
        /([a-z])([A-Z])/g,
        '$1 $2',
      );
      await expect(
        page.locator('#activity-table tbody tr').first().locator('td').first().textContent(),
      ).resolves.toBe(newestType.charAt(0) + newestType.slice(1).toLowerCase());
    },
  );

  inBrowser(
    'shows a programme as a hexagon map: region filter, RAG colours, legend and timelines',
    async (page) => {
      await gql(
        `mutation($input: ReportStatusInput!) { reportStatus(input: $input) { version } }`,
        {
          input: {
            programmeId: SWIS,
            areaCode: LAMBETH,
            rag: 'RED',
            commentary: 'Recruitment is behind plan',
            periodStart: '2024-04-01',
            periodEnd: '2024-06-30',
          },
        },
      );
      const { programme } = await gql(
        `query($id: ID!) { programme(id: $id) { rollout { areas { areaCode } } } }`,
        { id: SWIS },
      );
      const enrolled = new Set(
        (programme.rollout.areas as { areaCode: string }[]).map((a) => a.areaCode),
      );
      await signIn(page, tokens.board, 'overview');
      await page.click(`#coverage-table a[href*="id=${SWIS}"]`);
      await ready(page, 'programme');

      // One cell per area, each with its ONS code and a text alternative; Cumbria is not on it.
      const cells = page.locator('svg.app-hexmap polygon[data-area-code]');
      await expect(cells.count()).resolves.toBe(153);
      const described = await cells.evaluateAll((polygons) =>
        polygons.map((p) => ({
          code: p.getAttribute('data-area-code'),
          label: p.getAttribute('aria-label'),
          title: p.querySelector('title')?.textContent,
          role: p.getAttribute('role'),
        })),
      );
      expect(
        described.every((cell) => cell.role === 'img' && cell.label && cell.title === cell.label),
      ).toBe(true);
      expect(described.some((cell) => cell.code === 'E10000006')).toBe(false);
      const lambeth = page.locator(`polygon[data-area-code="${LAMBETH}"]`);
      await expect(lambeth.getAttribute('aria-label')).resolves.toBe(
        'Lambeth (London): enrolled, status red',
      );
      const coloured = await cells.evaluateAll((polygons) =>
        polygons
          .filter((p) => p.getAttribute('fill') !== '#d9d9d9')
          .map((p) => p.getAttribute('data-area-code')),
      );
      expect(new Set(coloured)).toEqual(
        new Set([...enrolled].filter((code) => code !== 'E10000006')),
      );
      await expect(page.locator('svg.app-hexmap path.app-hexmap__region').count()).resolves.toBe(9);

      // The region filter dims the other regions' cells and narrows the table.
      await page.selectOption('#region', LONDON);
      await expect(page.locator('polygon.app-hex--dimmed').count()).resolves.toBe(153 - 33);
      await expect(
        page.locator(`polygon[data-region="${LONDON}"].app-hex--dimmed`).count(),
      ).resolves.toBe(0);
      await expect(page.locator('#areas-table caption').textContent()).resolves.toMatch(
        /in London/,
      );
      const listed = await page
        .locator('#areas-table [data-area-link]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('data-area-link')));
      expect(listed).toContain(LAMBETH);
      expect(listed).not.toContain('E10000008'); // Devon
      expect(new URL(page.url()).searchParams.get('region')).toBe(LONDON);
      await page.check('#every-area');
      await expect(page.locator('#areas-table [data-area-link]').count()).resolves.toBe(33);

      // Coloured by RAG status, with a legend in words and counts.
      await page.check('#colour-rag');
      await expect(lambeth.getAttribute('fill')).resolves.toBe('#d4351c');
      await expect(page.locator('#map-legend h2').textContent()).resolves.toBe('RAG status');
      await expect(
        page.locator('#map-legend [data-legend="RED"] .app-legend__text').textContent(),
      ).resolves.toBe('Red (R): 1');

      // An area's cell opens its timeline, focused.
      await lambeth.click();
      const heading = page.locator('#timeline-heading');
      await expect(heading.textContent()).resolves.toBe('Lambeth: timeline');
      await expect(heading.evaluate((element) => element === document.activeElement)).resolves.toBe(
        true,
      );
      const events = await page.locator('#area-timeline tbody tr').allTextContents();
      expect(events.some((row) => row.includes('Area enrolled'))).toBe(true);
      expect(
        events.some(
          (row) => row.includes('Status reported') && row.includes('Recruitment is behind plan'),
        ),
      ).toBe(true);
      expect(new URL(page.url()).searchParams.get('area')).toBe(LAMBETH);
      // ...and so does its row in the table, from the keyboard.
      await page.click('[data-close-timeline]');
      await expect(page.locator('#timeline-heading').count()).resolves.toBe(0);
      await page.focus('[data-area-link="E09000008"]'); // Croydon
      await page.keyboard.press('Enter');
      await expect(page.locator('#timeline-heading').textContent()).resolves.toBe(
        'Croydon: timeline',
      );
    },
  );

  inBrowser(
    'lets a local authority report a milestone, and shows a refused report field by field',
    async (page) => {
      await signIn(page, tokens.lambeth, 'report');
      await expect(page.locator('h1').textContent()).resolves.toBe('Report for Lambeth');
      await page.selectOption('#programme', SWIS);
      const achieved = page
        .locator('#progress-table tr:has([data-milestone="schools-recruited"]) td')
        .nth(1);
      await expect(achieved.textContent()).resolves.toBe('Not yet');

      // Refused: the API's messages in an error summary, linked to their fields, and beside them.
      await page.selectOption('#milestone-key', 'schools-recruited');
      await page.fill('#achieved-on-day', '30');
      await page.fill('#achieved-on-month', '2');
      await page.fill('#achieved-on-year', '2024');
      await page.fill('#evidence', 'not a link');
      await page.click('#milestone-form button[type="submit"]');
      const summary = page.locator('.govuk-error-summary');
      await summary.waitFor();
      await expect(summary.evaluate((element) => element === document.activeElement)).resolves.toBe(
        true,
      );
      const links = () =>
        summary
          .locator('a')
          .evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.textContent]));
      // A day that does not exist is refused by the API's Date scalar, before any other check,
      // in GraphQL's words every time.
      const noSuchDay =
        'Variable "$input" got invalid value "2024-02-30" at "input.achievedOn"; Date cannot represent an invalid date-string 2024-02-30.';
      const [[href, text], ...others] = await links();
      expect([href, others]).toEqual(['#achieved-on-day', []]);
      expect(text).toBe(noSuchDay);
      await expect(page.locator('#achieved-on-error').textContent()).resolves.toContain(text);
      await expect(page.title()).resolves.toMatch(/^Error: /);
      // With a real date, the input's own checks name the field and the rule.
      await page.fill('#achieved-on-day', '1');
      await page.click('#milestone-form button[type="submit"]');
      await summary.locator('a[href="#evidence"]').waitFor();
      await expect(links()).resolves.toEqual([
        ['#evidence', 'each evidence link must be an http(s) URL'],
      ]);
      await expect(page.locator('#evidence').getAttribute('class')).resolves.toContain(
        'govuk-input--error',
      );
      // A date in the future is the domain's refusal, named by its field.
      await page.fill('#achieved-on-day', '1');
      await page.fill('#achieved-on-month', '1');
      await page.fill('#achieved-on-year', '2099');
      await page.fill('#evidence', 'https://example.org/recruitment');
      await page.click('#milestone-form button[type="submit"]');
      await expect(summary.locator('a').textContent()).resolves.toBe(
        'achievedOn 2099-01-01 is in the future',
      );
      await expect(summary.locator('a').getAttribute('href')).resolves.toBe('#achieved-on-day');
      // Following the link moves to the field.
      await summary.locator('a').click();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(
        'achieved-on-day',
      );

      // Accepted: the summary goes, a success banner says so, and the milestone shows.
      await page.fill('#achieved-on-year', '2024');
      await page.fill('#achieved-on-month', '1');
      await page.fill('#achieved-on-day', '10');
      await page.click('#milestone-form button[type="submit"]');
      await expect(
        page.locator('.govuk-notification-banner--success').textContent(),
      ).resolves.toContain('Schools recruited: achieved on 10 January 2024.');
      await expect(page.locator('.govuk-error-summary').count()).resolves.toBe(0);
      await expect(achieved.textContent()).resolves.toBe('10 January 2024');
      const { areaRollout } = await gql(
        `query($p: ID!, $a: ID!) { areaRollout(programmeId: $p, areaCode: $a) {
        lastMilestone { key achievedOn } timeline { type actor { name } evidence } } }`,
        { p: SWIS, a: LAMBETH },
      );
      expect(areaRollout.lastMilestone).toEqual({
        key: 'schools-recruited',
        achievedOn: '2024-01-10',
      });
      expect(areaRollout.timeline.at(-1)).toEqual({
        type: 'MilestoneAchieved',
        actor: { name: 'Lou Lambeth' },
        evidence: ['https://example.org/recruitment'],
      });

      // A status without a RAG rating is refused before it is sent; with one, it is recorded.
      await page.fill('#commentary', 'On track');
      await page.click('#status-form button[type="submit"]');
      await expect(summary.locator('a').getAttribute('href')).resolves.toBe('#rag');
      await page.check('#rag-green');
      for (const [id, value] of Object.entries({
        'period-start': '2024-04-01',
        'period-end': '2024-06-30',
      })) {
        const [year, month, day] = value.split('-');
        await page.fill(`#${id}-day`, day);
        await page.fill(`#${id}-month`, month);
        await page.fill(`#${id}-year`, year);
      }
      await page.click('#status-form button[type="submit"]');
      await expect(
        page.locator('.govuk-notification-banner--success').textContent(),
      ).resolves.toContain('Status reported');
      await expect(page.locator('#progress dd').nth(2).textContent()).resolves.toContain(
        '2024-04-01/2024-06-30: On track',
      );
    },
  );

  inBrowser(
    'runs a dry run of a CSV import and shows its outcome row by row, then imports',
    async (page) => {
      await gql(
        `mutation($input: ReportMilestoneInput!) { reportMilestone(input: $input) { version } }`,
        {
          input: {
            programmeId: SWIS,
            areaCode: LAMBETH,
            milestoneKey: 'trial-data-returned',
            achievedOn: '2024-03-01',
          },
        },
        tokens.lambeth,
      );
      await signIn(page, tokens.lambeth, 'report');
      await page.selectOption('#programme', SWIS);
      const file = (rows: string[]) => ({
        name: 'milestones.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          ['areaCode,milestoneKey,achievedOn,evidenceUrl,note', ...rows].join('\n') + '\n',
        ),
      });
      await page.setInputFiles(
        '#csv-file',
        file([
          `${LAMBETH},social-workers-in-post,2024-02-01,https://example.org/post,"Cost £5, café ‘B’"`,
          `${LAMBETH},trial-data-returned,2024-03-01,,`,
          `${SOUTHWARK},social-workers-in-post,2024-02-01,,`,
          `${LAMBETH},Not A Key,2024-02-01,,`,
        ]),
      );
      await page.click('#import-check');
      await page.locator('#import-rows').waitFor();
      const rows = await page
        .locator('#import-rows tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
        );
      // Each row's note is shown as it would be recorded.
      expect(rows.map((cells) => cells.slice(0, 6))).toEqual([
        [
          '1',
          LAMBETH,
          'social-workers-in-post',
          '2024-02-01',
          'Cost £5, café ‘B’',
          'Would be recorded',
        ],
        ['2', LAMBETH, 'trial-data-returned', '2024-03-01', '', 'Already recorded'],
        ['3', SOUTHWARK, 'social-workers-in-post', '2024-02-01', '', 'Error'],
        ['4', LAMBETH, 'Not A Key', '2024-02-01', '', 'Error'],
      ]);
      expect(rows[2][6]).toContain('may report only for its own area');
      expect(rows[3][6]).toMatch(/^milestoneKey: /);
      await expect(page.locator('.govuk-warning-text').textContent()).resolves.toContain(
        '2 rows have problems',
      );
      await expect(page.locator('#import-run').isHidden()).resolves.toBe(true);
      // Nothing was written.
      const before = await gql(
        `query($p: ID!, $a: ID!) { areaRollout(programmeId: $p, areaCode: $a) { milestonesAchieved } }`,
        { p: SWIS, a: LAMBETH },
      );

      // A clean file passes its dry run, and then imports.
      await page.setInputFiles(
        '#csv-file',
        file([`${LAMBETH},social-workers-in-post,2024-02-01,https://example.org/post,`]),
      );
      await page.click('#import-check');
      await page.waitForSelector('#import-run:not([hidden])');
      await expect(page.locator('#import-run').textContent()).resolves.toBe('Import 1 milestone');
      await page.click('#import-run');
      await expect(
        page.locator('.govuk-notification-banner--success').textContent(),
      ).resolves.toContain('1 milestone recorded, 0 already recorded.');
      await expect(
        page
          .locator('#progress-table tr:has([data-milestone="social-workers-in-post"]) td')
          .nth(1)
          .textContent(),
      ).resolves.toBe('1 February 2024');
      const after = await gql(
        `query($p: ID!, $a: ID!) { areaRollout(programmeId: $p, areaCode: $a) { milestonesAchieved } }`,
        { p: SWIS, a: LAMBETH },
      );
      expect(after.areaRollout.milestonesAchieved).toBe(before.areaRollout.milestonesAchieved + 1);
    },
  );

  inBrowser(
    'moves the as-of slider: the overview and the map as they stood on an earlier date',
    async (page) => {
      await signIn(page, tokens.board, 'overview');
      const status = page.locator('#slice-status');
      await expect(status.textContent()).resolves.toBe('Showing the state today, as recorded now.');

      // One day back: as recorded yesterday, before this server recorded anything.
      const yesterday = daysAgo(1);
      await page.focus('#slice-range');
      await page.keyboard.press('ArrowLeft');
      await page.waitForSelector(`#overview-body[data-slice="asOf:${yesterday}"]`);
      await expect(status.textContent()).resolves.toContain(
        `as recorded on ${longDate(yesterday)}`,
      );
      expect(new URL(page.url()).searchParams.get('asOf')).toBe(yesterday);
      const counts = await page.locator('#stage-chart [data-count]').allTextContents();
      expect(counts.every((count) => count === '0')).toBe(true);
      await expect(page.locator('#overview-body').textContent()).resolves.toContain(
        'No recommendations had been recorded by then.',
      );

      // The world as it stood on a date, as known today: the API's own counts for that date.
      const date = '2023-01-01';
      const { recommendationStageCounts } = await gql(
        `{ recommendationStageCounts(validAt: "${date}") { stage count } }`,
      );
      await page.check('#slice-axis-validAt');
      await page.fill('#slice-date', date);
      await page.dispatchEvent('#slice-date', 'change');
      await page.waitForSelector(`#overview-body[data-slice="validAt:${date}"]`);
      await expect(status.textContent()).resolves.toContain(
        `as it stood in the world on ${longDate(date)}`,
      );
      for (const { stage, count } of recommendationStageCounts) {
        await expect(
          page.locator(`#stage-chart [data-stage="${stage}"] [data-count]`).textContent(),
        ).resolves.toBe(String(count));
      }

      // The map keeps the date, and moves with the slider too.
      await page.click(`#coverage-table a[href*="id=${SWIS}"]`);
      await ready(page, 'programme');
      await page.waitForSelector(
        `main[data-slice="validAt:${date}"], [data-slice="validAt:${date}"]`,
      );
      const enrolledOn = async (validAt: string) => {
        const { programme } = await gql(
          `query($id: ID!, $validAt: String) { programme(id: $id) { rollout(validAt: $validAt) { areas { areaCode } } } }`,
          { id: SWIS, validAt },
        );
        return (programme.rollout.areas as { areaCode: string }[]).map((a) => a.areaCode);
      };
      const colouredCells = () =>
        page
          .locator('svg.app-hexmap polygon[data-area-code]')
          .evaluateAll((polygons) =>
            polygons
              .filter((p) => p.getAttribute('fill') !== '#d9d9d9')
              .map((p) => p.getAttribute('data-area-code')),
          );
      const onMap = (codes: string[]) => codes.filter((code) => code !== 'E10000006');
      expect(new Set(await colouredCells())).toEqual(new Set(onMap(await enrolledOn(date))));
      const earlier = '2019-06-01';
      await page.fill('#slice-date', earlier);
      await page.dispatchEvent('#slice-date', 'change');
      await page.waitForSelector(`[data-slice="validAt:${earlier}"]`);
      const early = onMap(await enrolledOn(earlier));
      expect(early.length).toBeLessThan((await enrolledOn(date)).length);
      expect(new Set(await colouredCells())).toEqual(new Set(early));

      // Back to today.
      await page.click('#slice-today');
      await page.waitForSelector('[data-slice="now"]');
      await expect(status.textContent()).resolves.toBe('Showing the state today, as recorded now.');
    },
  );

  inBrowser(
    'lets an auditor filter the history and verify the audit trail',
    async (page) => {
      const { all, enrolments, verifyAuditTrail } = await gql(
        `{ all: auditTrail(first: 1) { totalCount }
         enrolments: auditTrail(first: 1, filter: { programmeId: "${SWIS}", eventType: "AreaEnrolled" }) { totalCount }
         verifyAuditTrail { ok } }`,
        {},
        tokens.auditor,
      );
      await signIn(page, tokens.auditor, 'overview');
      await page.click('#navigation >> text=History');
      await ready(page, 'history');
      await expect(page.locator('#history-count').textContent()).resolves.toBe(
        `${all.totalCount} events`,
      );

      // Filters narrow the history, and stay in the address.
      await page.selectOption('#programmeId', SWIS);
      await page.fill('#eventType', 'AreaEnrolled');
      await page.click('#history-filters button[type="submit"]');
      await page.waitForSelector(`#history-count:text("${enrolments.totalCount} events")`);
      const types = await page
        .locator('#history-table tbody tr td:nth-child(4) .govuk-\\!-font-weight-bold')
        .allTextContents();
      expect(types.length).toBe(Math.min(25, enrolments.totalCount));
      expect(new Set(types)).toEqual(new Set(['Area enrolled']));
      const url = new URL(page.url());
      expect([url.searchParams.get('programmeId'), url.searchParams.get('eventType')]).toEqual([
        SWIS,
        'AreaEnrolled',
      ]);

      // A filter the API refuses shows its message by the field.
      await page.fill('#recordedFrom', 'last week');
      await page.click('#history-filters button[type="submit"]');
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.locator('a').getAttribute('href')).resolves.toBe('#recordedFrom');

      // Verification: the API's report.
      await page.click('#verify-button');
      await page.waitForSelector('#verify-result:not([aria-busy])');
      await expect(page.locator('#verify-result').textContent()).resolves.toContain(
        verifyAuditTrail.ok ? 'The audit trail is intact' : 'The audit trail is damaged',
      );

      // A server whose API has no verifyAuditTrail yet: the button says so instead of failing.
      await page.route('**/graphql', async (route) => {
        if (!route.request().postData()?.includes('verifyAuditTrail')) return route.continue();
        await route.fulfill({
          status: 400,
          contentType: 'application/json',
          body: JSON.stringify({
            data: null,
            errors: [
              {
                message: 'Cannot query field "verifyAuditTrail" on type "Query".',
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          }),
        });
      });
      await page.click('#verify-button');
      await page.waitForSelector('#verify-result:not([aria-busy]) .govuk-inset-text');
      await expect(page.locator('#verify-result').textContent()).resolves.toContain(
        'Verification is not available on this server yet',
      );
    },
    { expectedConsole: /status of 400/ },
  );
});
