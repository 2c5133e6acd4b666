import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import { browserSuite, focusedId, JAVASCRIPT, scrollsSideways, SiteBrowser } from './site-browser';

const SWIS = 'social-workers-in-schools';
const SWIS_NAME = 'Social Workers in Schools (SWIS) trial';

/**
 * A member of the public follows the programmes in Chromium, with JavaScript on and off: the
 * list, a programme and its map, the programme as it stood on an earlier date chosen with the
 * date inputs, an area opened from the table. axe-core scans every page on the way.
 */
browserSuite('the programme pages in Chromium')('the programme pages in Chromium', () => {
  const server = new TrackerServer('site-programmes-browser');
  let browser: SiteBrowser;
  const heading = (page: Page) => page.locator('h1').innerText();
  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  beforeAll(async () => {
    await server.start();
    browser = await SiteBrowser.launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  }, 30_000);

  describe.each(JAVASCRIPT)('with JavaScript %s', (name, javaScriptEnabled) => {
    it(
      "a member of the public views a programme's map as it stood on an earlier date and opens an area",
      () =>
        browser.withPage(
          `programmes journey, JavaScript ${name}`,
          { javaScriptEnabled },
          async (page) => {
            await page.goto(`${server.url}/programmes`);
            expect(await heading(page)).toBe('Programmes');
            await browser.expectAccessible(page);

            await page.getByRole('link', { name: SWIS_NAME }).click();
            await page.waitForURL(new RegExp(`/programmes/${SWIS}$`));
            expect(await heading(page)).toBe(SWIS_NAME);
            expect(await text(page, '#coverage')).toContain('24 of 153 local authorities');
            expect(await page.locator('svg.app-hexmap polygon').count()).toBe(153);
            await browser.expectAccessible(page);

            await page.getByText('Show the programme on an earlier date').click();
            await page.fill('#validAt-day', '30');
            await page.fill('#validAt-month', '6');
            await page.fill('#validAt-year', '2020');
            await page.getByRole('button', { name: 'Show the programme' }).click();
            await page.waitForURL(/validAt-day=30/);
            expect(await text(page, '#programme-as-of')).toBe(
              'Figures as things stood on 30 June 2020.',
            );
            expect(await text(page, '#coverage')).toContain('3 of 153 local authorities');
            expect(await page.locator('#areas tbody tr').count()).toBe(3);
            expect(await text(page, '#map-key [data-state="NOT_ENROLLED"]')).toContain('150 areas');
            await browser.expectAccessible(page);

            await page.locator('#areas').getByRole('link', { name: 'Lambeth' }).click();
            await page.waitForURL(/\/areas\/E09000022\?validAt=2020-06-30$/);
            expect(await heading(page)).toBe('Lambeth');
            expect(await text(page, '#area-as-of')).toContain('as things stood on 30 June 2020');
            expect(await text(page, '#timeline')).toContain('Enrolled as a pilot');
            await browser.expectAccessible(page);
          },
        ),
      90_000,
    );
  });

  it(
    "with JavaScript on, a keyboard user tabs to the map, reads areas' tooltips, moves with the arrow keys and opens an area",
    () =>
      browser.withPage('programme map by keyboard', { javaScriptEnabled: true }, async (page) => {
        await page.goto(`${server.url}/programmes/${SWIS}`);
        const tooltip = page.locator('.app-hexmap__tooltip');
        expect(await tooltip.isVisible()).toBe(false);
        expect(await text(page, '#map-caption')).toContain(
          'move between areas with the arrow keys',
        );

        // One stop in the tab order, straight after the last control before the map: the link to
        // the trial's published evaluation, which comes after the date controls.
        await page.locator('summary', { hasText: 'Show the programme on an earlier date' }).focus();
        await page.keyboard.press('Tab');
        expect(await page.locator('#evaluations ~ ul a:focus').innerText()).toContain(
          'Read the evaluation by',
        );
        await page.keyboard.press('Tab');
        const focusedArea = () =>
          page.locator('svg.app-hexmap a:focus').getAttribute('data-area-code');
        const first = await focusedArea();
        expect(first).toMatch(/^E\d{8}$/);
        expect(await tooltip.isVisible()).toBe(true);

        await page.locator('svg.app-hexmap a[data-area-code="E09000022"]').focus();
        // The name, then its region, stage, milestones and status, as the table says.
        expect(await tooltip.innerText()).toMatch(
          /^Lambeth\nLondon: [a-z ,]+, \d of \d milestones achieved, (status \w+|no status reported)$/,
        );
        await browser.expectAccessible(page);

        await page.keyboard.press('ArrowRight');
        const right = await focusedArea();
        expect(right).not.toBe('E09000022');
        expect(await tooltip.innerText()).not.toContain('Lambeth');
        await page.keyboard.press('ArrowLeft');
        expect(await focusedArea()).toBe('E09000022');

        await page.keyboard.press('Escape');
        expect(await tooltip.isVisible()).toBe(false);

        // Tab leaves the map at once, and comes back to the area last visited.
        await page.keyboard.press('Tab');
        expect(await focusedArea().catch(() => null)).toBeNull();
        await page.keyboard.press('Shift+Tab');
        expect(await focusedArea()).toBe('E09000022');

        await page.keyboard.press('Enter');
        await page.waitForURL(new RegExp(`/programmes/${SWIS}/areas/E09000022$`));
        expect(await heading(page)).toBe('Lambeth');
      }),
    60_000,
  );

  it(
    "with JavaScript on, shows an area's tooltip on hover, which the pointer can move onto",
    () =>
      browser.withPage('programme map by pointer', { javaScriptEnabled: true }, async (page) => {
        await page.goto(`${server.url}/programmes/${SWIS}`);
        const kent = page.locator('svg.app-hexmap a[data-area-code="E10000016"]');
        await kent.hover();
        const tooltip = page.locator('.app-hexmap__tooltip');
        expect(await tooltip.innerText()).toBe('Kent\nSouth East: not enrolled');
        // The browser's own tooltip would say the same again.
        expect(await kent.locator('title').count()).toBe(0);
        expect(await kent.getAttribute('aria-label')).toBe('Kent, South East: not enrolled');
        await tooltip.hover();
        expect(await tooltip.isVisible()).toBe(true);
        await page.mouse.move(1, 1);
        expect(await tooltip.isVisible()).toBe(false);
      }),
    60_000,
  );

  it(
    'fits a programme page in 320 px, its wide tables scrolling within their regions',
    () =>
      browser.withPage(
        'programme at 320 px',
        { javaScriptEnabled: true, width: 320 },
        async (page) => {
          await page.goto(`${server.url}/programmes/${SWIS}`);
          expect(await scrollsSideways(page)).toBe(false);
          await page.locator('#areas-region').focus();
          expect(await focusedId(page)).toBe('areas-region');
          await browser.expectAccessible(page);
        },
      ),
    60_000,
  );
});
