import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import { browserSuite, JAVASCRIPT, scrollsSideways, signIn, SiteBrowser } from './site-browser';

const SWIS = 'social-workers-in-schools';
const SWIS_NAME = 'Social Workers in Schools (SWIS) trial';
const LAMBETH = 'E09000022';

/**
 * A board member reads the signed-in pages in Chromium, with JavaScript on and off: the
 * overview's figures (checked against the API's), a programme with its map, an area's
 * timeline, and the programme as it stood on an earlier date; an area reached with the
 * keyboard alone; pages that fit 320 px. axe-core scans every page on the way.
 */
browserSuite('the board pages in Chromium')('the board pages in Chromium', () => {
  const server = new TrackerServer('site-board-browser');
  let browser: SiteBrowser;
  let token = '';
  let email = '';
  /** What the API counts: every recommendation, and the programme's enrolled areas. */
  let recommendations = 0;
  let enrolled = 0;
  const heading = (page: Page) => page.locator('h1').innerText();
  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  beforeAll(async () => {
    await server.start();
    browser = await SiteBrowser.launch();
    token = server.createToken('BOARD_MEMBER', 'Ada Board');
    email = server.createAccount('BOARD_MEMBER', 'Ada Board');
    const api = await server.gql(
      `{ recommendationStageCounts { count }
         programme(id: "${SWIS}") { rollout { coverage { enrolled } } } }`,
      {},
      token,
    );
    recommendations = (api.data!.recommendationStageCounts as { count: number }[]).reduce(
      (sum, { count }) => sum + count,
      0,
    );
    enrolled = api.data!.programme.rollout.coverage.enrolled as number;
  }, 60_000);
  afterAll(() => Promise.all([browser?.close(), server.dispose()]), 30_000);

  /** The board member's journey, on a page with JavaScript on or off. */
  const journey = async (page: Page): Promise<void> => {
    await signIn(page, server, email);
    await page.waitForURL(/\/overview$/);
    expect(await heading(page)).toBe('Overview');
    expect(await text(page, '#stages-total')).toBe(String(recommendations));
    await browser.expectAccessible(page);

    await page.locator('#coverage').getByRole('link', { name: SWIS_NAME }).click();
    await page.waitForURL(new RegExp(`/overview/programmes/${SWIS}$`));
    expect(await heading(page)).toBe(SWIS_NAME);
    expect(await text(page, '#coverage')).toContain(`${enrolled} of 153 local authorities`);
    expect(await page.locator('svg.app-hexmap polygon').count()).toBe(153);
    await browser.expectAccessible(page);

    // The map links each area to its signed-in page.
    await page.locator(`svg.app-hexmap a[data-area-code="${LAMBETH}"]`).click();
    await page.waitForURL(new RegExp(`/overview/programmes/${SWIS}/areas/${LAMBETH}$`));
    expect(await heading(page)).toBe('Lambeth');
    expect(await text(page, '#timeline')).toMatch(
      /Enrolled as a pilot[^]*, by Reform Tracker, from published sources\s+Recorded at /,
    );
    await browser.expectAccessible(page);

    await page.getByRole('link', { name: SWIS_NAME }).click();
    await page.waitForURL(new RegExp(`/overview/programmes/${SWIS}$`));
    await page.getByText('Show the programme on an earlier date').click();
    const stoodOn = page.getByRole('group', { name: 'Show things as they stood on' });
    for (const [label, value] of [
      ['Day', '30'],
      ['Month', '6'],
      ['Year', '2020'],
    ])
      await stoodOn.getByLabel(label).fill(value);
    await page.getByRole('button', { name: 'Show the programme' }).click();
    await page.waitForURL(/validAt-day=30/);
    expect(await text(page, '#programme-as-of')).toBe('Figures as things stood on 30 June 2020.');
    expect(await text(page, '#coverage')).toContain('3 of 153 local authorities');
    expect(await page.locator('#areas tbody tr').count()).toBe(3);
    await browser.expectAccessible(page);
  };

  describe.each(JAVASCRIPT)('with JavaScript %s', (name, javaScriptEnabled) => {
    it(
      'a board member reads the overview, opens a programme, its map and an area, and goes back in time',
      () => browser.withPage(`board journey, JavaScript ${name}`, { javaScriptEnabled }, journey),
      180_000,
    );

    it(
      'reaches an area from the table with the keyboard alone',
      () =>
        browser.withPage(
          `board keyboard, JavaScript ${name}`,
          { javaScriptEnabled },
          async (page) => {
            await signIn(page, server, email, `/overview/programmes/${SWIS}`);
            await page.waitForURL(new RegExp(`/overview/programmes/${SWIS}$`));
            const focused = page.locator('#areas a:focus', { hasText: 'Lambeth' });
            for (let presses = 0; presses < 200 && !(await focused.count()); presses++)
              await page.keyboard.press('Tab');
            expect(await focused.count()).toBe(1);
            await page.keyboard.press('Enter');
            await page.waitForURL(new RegExp(`/areas/${LAMBETH}$`));
            expect(await heading(page)).toBe('Lambeth');
          },
        ),
      90_000,
    );
  });

  it(
    'fits the overview and a programme in 320 px, their wide tables scrolling within their regions',
    () =>
      browser.withPage('board at 320 px', { javaScriptEnabled: true, width: 320 }, async (page) => {
        await signIn(page, server, email);
        await page.waitForURL(/\/overview$/);
        expect(await scrollsSideways(page)).toBe(false);
        await browser.expectAccessible(page);
        await page.goto(`${server.url}/overview/programmes/${SWIS}`);
        expect(await scrollsSideways(page)).toBe(false);
        await browser.expectAccessible(page);
      }),
    90_000,
  );
});
