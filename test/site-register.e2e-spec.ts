import type { Page } from 'playwright-core';
import { browserSuite, focusedId, JAVASCRIPT, scrollsSideways, SiteBrowser } from './site-browser';
import { TrackerServer } from './support/tracker-server';

/**
 * The public site's foundation and its register, over HTTP and in Chromium: pages anyone can
 * read without a token, rendered on the server with GOV.UK Frontend, with validators tied to
 * the event store's head, as they stood on an earlier date, and never a person's name.
 */
const ID = 'E2E-SITE-1';
const BOARD_NAME = 'Ada Boardmember';

describe('the public site: foundation and register', () => {
  const server = new TrackerServer('site-register');
  let board: string;
  let boardId: string;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { headers: { accept: 'text/html', ...headers } });
  const html = async (path: string): Promise<string> => {
    const response = await get(path);
    expect([path, response.status]).toEqual([path, 200]);
    return response.text();
  };
  const mutate = async (name: string, input: Record<string, unknown>) => {
    const type = `${name[0].toUpperCase()}${name.slice(1)}Input`;
    const answer = await server.gql(
      `mutation($input: ${type}!) { ${name}(input: $input) { __typename } }`,
      { input },
      board,
    );
    expect(answer.errors).toBeUndefined();
  };
  /** The register's rows: each one's stage. */
  const stagesListed = (page: string): string[] =>
    [
      ...page.matchAll(
        /<td class="govuk-table__cell"><strong class="govuk-tag[^"]*">\s*([^<]+?)\s*<\/strong>/g,
      ),
    ].map((match) => match[1]);

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', BOARD_NAME);
    boardId = (await server.gql('{ whoAmI { id } }', {}, board)).data!.whoAmI.id;
    // A source of its own, so the register's source filter finds this test's recommendation alone.
    await mutate('addSource', {
      id: 'site-tests',
      kind: 'INDEPENDENT_REVIEW',
      title: 'Site tests',
      publisher: 'Reform Tracker',
      publishedOn: '2022-05-23',
      url: 'https://example.org/site-tests',
      themes: ['Implementation'],
    });
    await mutate('proposeRecommendation', {
      id: ID,
      title: 'Publish the tracker for everyone',
      theme: 'Implementation',
      sourceId: 'site-tests',
      occurredAt: '2022-05-23T09:00:00Z',
    });
    await mutate('acceptRecommendation', {
      id: ID,
      decision: 'ACCEPTED_IN_PART',
      reason: 'Agreed at the board',
      evidence: ['https://example.org/minutes-2023-02'],
      occurredAt: '2023-02-02T14:05:00Z',
    });
  }, 60_000);
  afterAll(() => server.dispose());

  describe('over HTTP', () => {
    it('serves the home page to anyone: GOV.UK template, title, description, canonical URL, strict CSP', async () => {
      const response = await get('/');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self' 'sha256-[\w+/=]+'/);
      expect(csp).not.toContain('unsafe-inline');
      const page = await response.text();
      expect(page).toContain(
        '<title>Track the reform of children&#39;s social care – Reform Tracker</title>',
      );
      expect(page).toMatch(/<meta name="description" content="[^"]{40,}">/);
      expect(page).toContain(`<link rel="canonical" href="${server.url}/">`);
      expect(page).toContain(
        '<link rel="alternate" type="application/atom+xml" href="/feeds/changes.atom" title="Reform Tracker: latest changes">',
      );
      for (const link of ['/register', '/programmes', '/open-data'])
        expect(page).toContain(`href="${link}"`);
      expect(page).toContain('govuk-phase-banner');
      expect(page).toContain('Open Government Licence v3.0');
      // One inline script, GOV.UK's own, allowed by its hash; the rest is a file.
      expect([...page.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)]).toHaveLength(1);
      expect(page).toMatch(
        /<script type="module" src="\/assets\/site\/site\.js\?v=[\w-]+"><\/script>/,
      );
    });

    it('serves GOV.UK Frontend with a system font stack, fingerprinted and kept a year; no GDS Transport', async () => {
      const page = await html('/');
      const stylesheet = /<link rel="stylesheet" href="([^"]+)">/.exec(page)![1];
      expect(stylesheet).toMatch(/^\/assets\/site\/govuk-frontend\.css\?v=[\w-]+$/);
      const css = await get(stylesheet);
      expect(css.status).toBe(200);
      expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const text = await css.text();
      expect(text).toContain('system-ui');
      expect(text).not.toContain('GDS Transport');
      expect(text).not.toContain('@font-face');
      expect((await get('/assets/site/fonts/bold-b542beb274-v2.woff2')).status).toBe(404);
      expect((await get('/assets/site/images/favicon.svg')).status).toBe(200);
      const again = await get(stylesheet, { 'if-none-match': css.headers.get('etag')! });
      expect(again.status).toBe(304);
    });

    it('lists the register with its count, and filters it by stage, theme and source', async () => {
      const all = await html('/register');
      const total = (await server.gql('{ recommendations { totalCount } }', {}, board)).data!
        .recommendations.totalCount as number;
      expect(all).toContain(`<strong>${total}</strong> recommendations, as of`);
      expect(stagesListed(all)).toHaveLength(total);
      expect(all).toContain(`href="/register/${ID}"`);

      const accepted = await html('/register?stage=ACCEPTED');
      expect(stagesListed(accepted).length).toBeGreaterThan(0);
      expect(stagesListed(accepted).length).toBeLessThan(total);
      expect(new Set(stagesListed(accepted))).toEqual(new Set(['Accepted']));
      expect(accepted).toContain('<option value="ACCEPTED" selected>Accepted</option>');

      const bySource = await html('/register?source=Site+tests&theme=Implementation');
      expect(bySource).toContain('<strong>1</strong> recommendation matches your filters');
      expect(bySource).toContain('Accepted in part');
      expect(await html('/register?source=Site+tests&stage=FUNDED')).toContain(
        '<strong>0</strong> recommendations match your filters',
      );
    });

    it("shows a recommendation's public timeline: dates, steps in words, why, evidence, the role not the person", async () => {
      const page = await html(`/register/${ID}`);
      expect(page).toContain('<h1 class="govuk-heading-l">Publish the tracker for everyone</h1>');
      expect(page).toContain(
        `<link rel="alternate" type="application/atom+xml" href="/feeds/recommendations/${ID}.atom" title="Recommendation ${ID}: Publish the tracker for everyone">`,
      );
      expect(page).toContain('Accepted in part by the government');
      expect(page).toContain('2 February 2023, by National Implementation Board');
      expect(page).toContain('Why: Agreed at the board');
      expect(page).toContain('href="https://example.org/minutes-2023-02"');
      expect(page).toContain('href="https://example.org/site-tests"');
      expect(page).not.toContain(BOARD_NAME);
      expect(page).not.toContain(boardId);
      expect(page).not.toMatch(/UTC|T\d\d:\d\d/);
    });

    it('shows a page as things stood on an earlier date, from the date inputs or an ISO link', async () => {
      const before = await html(
        `/register/${ID}?validAt-day=31&validAt-month=12&validAt-year=2022`,
      );
      expect(before).toContain('as things stood on 31 December 2022');
      expect(before).toMatch(/Stage: <strong class="govuk-tag govuk-tag--grey">\s*Proposed/);
      expect(before).not.toContain('Accepted in part by the government');
      expect(before).toContain('value="31"');
      const link = await html(`/register?validAt=2022-12-31&source=Site+tests`);
      expect(stagesListed(link)).toEqual(['Proposed']);
      expect(link).toContain(`href="/register/${ID}?validAt=2022-12-31"`);
      // Before it was recorded at all.
      const earlier = await html(`/register/${ID}?validAt=2020-01-01`);
      expect(earlier).toContain(
        'This recommendation had not been recorded as things stood on 1 January 2020.',
      );
    });

    it('lists every problem of the date inputs in GOV.UK words, in the summary and beside the field', async () => {
      const response = await get(
        '/register?validAt-day=30&validAt-month=2&validAt-year=2024&asOf-day=1&asOf-year=2026',
      );
      const page = await response.text();
      expect(page).toContain('<title>Error: Register of recommendations – Reform Tracker</title>');
      expect(page).toContain('There is a problem');
      expect(page).toContain(
        '<a href="#validAt-day">The date things stood on must be a real date</a>',
      );
      expect(page).toContain(
        '<a href="#asOf-month">The date things were recorded on must include a month</a>',
      );
      expect(page).toMatch(
        /govuk-error-message[\s\S]*The date things stood on must be a real date/,
      );
    });

    it('answers 304 to a current validator, and 200 with a new one after a change', async () => {
      const first = await get('/register?stage=ACCEPTED');
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(first.headers.get('last-modified')).toMatch(/GMT$/);
      expect(first.headers.get('cache-control')).toBe('no-cache');
      const unchanged = await get('/register?stage=ACCEPTED', { 'if-none-match': etag });
      expect(unchanged.status).toBe(304);
      expect(await unchanged.text()).toBe('');
      // Another URL is another page.
      expect((await get('/register?stage=FUNDED', { 'if-none-match': etag })).status).toBe(200);

      await mutate('fundRecommendation', {
        id: ID,
        fundingSource: 'DfE',
        occurredAt: '2024-01-01T00:00:00Z',
      });
      const changed = await get('/register?stage=ACCEPTED', { 'if-none-match': etag });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).not.toBe(etag);
      expect(await html(`/register/${ID}`)).toContain('Funded by DfE');
    });

    it('answers a missing page with GOV.UK\'s "Page not found", and the API as before', async () => {
      for (const path of [`/register/NOPE-1`, '/register/not an id', '/no-such-page']) {
        const response = await get(path);
        expect([path, response.status]).toEqual([path, 404]);
        expect(await response.text()).toContain('<h1 class="govuk-heading-l">Page not found</h1>');
      }
      const api = await fetch(`${server.url}/graphql`, { method: 'PUT' });
      expect(api.status).toBe(404);
      expect(await api.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      expect((await fetch(`${server.url}/health/nope`)).headers.get('content-type')).toContain(
        'application/json',
      );
    });

    it('lists every public page in the sitemap, which robots.txt points at', async () => {
      const sitemap = await get('/sitemap.xml');
      expect(sitemap.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      const xml = await sitemap.text();
      for (const path of ['/', '/register', `/register/${ID}`, '/programmes', '/open-data'])
        expect(xml).toContain(`<loc>${server.url}${path}</loc>`);
      expect(xml).toMatch(/<loc>[^<]+\/programmes\/[\w-]+<\/loc>/);
      // Each programme's enrolled areas have pages of their own (Lambeth piloted SWIS).
      expect(xml).toContain(
        `<loc>${server.url}/programmes/social-workers-in-schools/areas/E09000022</loc>`,
      );
      const robots = await (await get('/robots.txt')).text();
      expect(robots).toContain(`Sitemap: ${server.url}/sitemap.xml`);
    });

    it("sends the retired dashboard's bookmarks to the pages that replaced it", async () => {
      for (const [path, page] of [
        ['/dashboard', '/overview'],
        ['/dashboard/', '/overview'],
        ['/dashboard/?view=history', '/history'],
        ['/dashboard/app.js', '/overview'],
      ]) {
        const answer = await fetch(`${server.url}${path}`, { redirect: 'manual' });
        expect([path, answer.status, answer.headers.get('location')]).toEqual([path, 301, page]);
      }
    });
  });

  browserSuite('the public site in Chromium')('in Chromium', () => {
    let browser: SiteBrowser;
    beforeAll(async () => {
      browser = await SiteBrowser.launch();
    }, 60_000);
    afterAll(() => browser?.close(), 30_000);

    const heading = (page: Page) => page.locator('h1').innerText();

    describe.each(JAVASCRIPT)('with JavaScript %s', (_name, javaScriptEnabled) => {
      it(
        'a member of the public reads the register, filters it, opens a recommendation and sees an earlier date',
        () =>
          browser.withPage(
            `register journey, JavaScript ${_name}`,
            { javaScriptEnabled },
            async (page) => {
              await page.goto(`${server.url}/`);
              await browser.expectAccessible(page);
              await page.getByRole('link', { name: 'Register of recommendations' }).click();
              expect(await heading(page)).toBe('Register of recommendations');
              await browser.expectAccessible(page);

              await page.selectOption('#source', 'Site tests');
              await page.getByRole('button', { name: 'Apply filters' }).click();
              await page.waitForURL(/source=Site\+tests/);
              expect(await page.locator('#register-count').innerText()).toContain(
                '1 recommendation matches your filters',
              );
              await browser.expectAccessible(page);

              await page.getByRole('link', { name: 'Publish the tracker for everyone' }).click();
              expect(await heading(page)).toBe('Publish the tracker for everyone');
              // Accepted, or funded once the HTTP tests have run.
              expect(await page.locator('#stage').innerText()).toMatch(/^Stage: (Accepted|Funded)/);
              await browser.expectAccessible(page);

              await page.fill('#validAt-day', '31');
              await page.fill('#validAt-month', '12');
              await page.fill('#validAt-year', '2022');
              await page.getByRole('button', { name: 'Show' }).click();
              await page.waitForURL(/validAt-day=31/);
              expect(await page.locator('#stage').innerText()).toMatch(
                /Proposed since 23 May 2022, as things stood on 31 December 2022/,
              );
              await browser.expectAccessible(page);

              await page.fill('#validAt-month', '13');
              await page.getByRole('button', { name: 'Show' }).click();
              await page.waitForURL(/validAt-month=13/);
              expect(await page.locator('.govuk-error-summary').innerText()).toContain(
                'The date things stood on must be a real date',
              );
              await browser.expectAccessible(page);
            },
          ),
        90_000,
      );

      it(
        'a keyboard user tabs to the filters and submits them',
        () =>
          browser.withPage(
            `keyboard filters, JavaScript ${_name}`,
            { javaScriptEnabled },
            async (page) => {
              await page.goto(`${server.url}/register`);
              for (let presses = 0; presses < 30 && (await focusedId(page)) !== 'stage'; presses++)
                await page.keyboard.press('Tab');
              expect(await focusedId(page)).toBe('stage');
              await page.keyboard.press('ArrowDown');
              await page.keyboard.press('ArrowDown');
              const chosen = await page.locator('#stage').inputValue();
              expect(chosen).toBe('ACCEPTED');
              // Past the six date fields to the button, and Enter.
              for (
                let presses = 0;
                presses < 10 && (await page.locator('button:focus').count()) === 0;
                presses++
              )
                await page.keyboard.press('Tab');
              await page.keyboard.press('Enter');
              await page.waitForURL(/stage=ACCEPTED/);
              expect(await page.locator('#register-count').innerText()).toMatch(
                /match(es)? your filters/,
              );
              const stages = await page.locator('tbody .govuk-tag').allInnerTexts();
              expect(new Set(stages.map((stage) => stage.trim()))).toEqual(new Set(['Accepted']));
            },
          ),
        60_000,
      );

      it(
        'shows the 404 page accessibly',
        () =>
          browser.withPage(
            `not found, JavaScript ${_name}`,
            { javaScriptEnabled, expectedConsole: /status of 404/ },
            async (page) => {
              await page.goto(`${server.url}/register/NOPE-1`);
              expect(await heading(page)).toBe('Page not found');
              await browser.expectAccessible(page);
            },
          ),
        60_000,
      );
    });

    it(
      'fits pages in 320 px: only the table scrolls, in a region the keyboard can reach',
      () =>
        browser.withPage(
          '320 px',
          { javaScriptEnabled: true, width: 320, expectedConsole: /status of 404/ },
          async (page) => {
            for (const path of ['/', '/register', `/register/${ID}`, '/no-such-page']) {
              await page.goto(`${server.url}${path}`);
              expect([path, await scrollsSideways(page)]).toEqual([path, false]);
            }
            await page.goto(`${server.url}/register`);
            const region = page.locator('.app-scroll-region');
            expect(await region.getAttribute('tabindex')).toBe('0');
            expect(await region.getAttribute('role')).toBe('region');
            await browser.expectAccessible(page);
          },
        ),
      60_000,
    );
  });
});
