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
