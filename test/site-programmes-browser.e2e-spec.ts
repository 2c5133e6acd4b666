import { TrackerServer } from './support/tracker-server';
import { browserSuite, focused, JAVASCRIPT, scrollsSideways, SiteBrowser } from './site-browser';

const SWIS = 'Social Workers in Schools (SWIS) trial';

/**
 * A member of the public follows the programmes in Chromium, with JavaScript on and off: the
 * list, a programme and its map, the programme as it stood on an earlier date chosen with the
 * date inputs, an area opened from the table. axe-core scans every page on the way.
 */
browserSuite('the public programme pages in a browser')(
  'the public programme pages in a browser',
  () => {
    const server = new TrackerServer('site-programmes-browser');
    let browser: SiteBrowser;

    beforeAll(async () => {
      await server.start();
      browser = await SiteBrowser.launch();
    });
    afterAll(async () => {
      await browser?.close();
      await server.dispose();
    });

    describe.each(JAVASCRIPT)('with JavaScript %s', (_, javaScriptEnabled) => {
      it('a member of the public views a programme as it stood on an earlier date and opens an area', () =>
        browser.withPage(
          `programmes journey, JavaScript ${javaScriptEnabled}`,
          { javaScriptEnabled },
          async (page) => {
            await page.goto(`${server.url}/programmes`);
            expect(await page.locator('h1').textContent()).toBe('Programmes');
            await browser.expectAccessible(page);

            await page.getByRole('link', { name: SWIS }).click();
            expect(await page.locator('h1').textContent()).toBe(SWIS);
            expect(await page.locator('#coverage').textContent()).toContain(
              '24 of 153 local authorities',
            );
            expect(await page.locator('svg.app-hexmap polygon').count()).toBe(153);
            await browser.expectAccessible(page);

            await page.getByText('Show the programme on an earlier date').click();
            const standing = page.getByRole('group', { name: 'Show things as they stood on' });
            await standing.getByLabel('Day').fill('30');
            await standing.getByLabel('Month').fill('6');
            await standing.getByLabel('Year').fill('2020');
            await page.getByRole('button', { name: 'Show the programme' }).click();
            expect(await page.locator('#programme-as-of').textContent()).toBe(
              'Figures as things stood on 30 June 2020.',
            );
            expect(await page.locator('#coverage').textContent()).toContain(
              '3 of 153 local authorities',
            );
            expect(await page.locator('#areas tbody tr').count()).toBe(3);
            expect(
              await page.locator('#map-key [data-state="NOT_ENROLLED"]').textContent(),
            ).toContain('150 areas');
            await browser.expectAccessible(page);

            await page.locator('#areas').getByRole('link', { name: 'Lambeth' }).click();
            expect(page.url()).toMatch(
              /\/programmes\/social-workers-in-schools\/areas\/E09000022\?validAt=2020-06-30$/,
            );
            expect(await page.locator('h1').textContent()).toBe('Lambeth');
            expect(await page.locator('#area-as-of').textContent()).toContain('30 June 2020');
            expect(await page.locator('#timeline').textContent()).toContain('Enrolled as a pilot');
            await browser.expectAccessible(page);
          },
        ));
    });

    it('fits a programme page in 320 px, its wide tables scrolling within their regions', () =>
      browser.withPage(
        'programme at 320 px',
        { javaScriptEnabled: true, width: 320 },
        async (page) => {
          await page.goto(`${server.url}/programmes/social-workers-in-schools`);
          expect(await scrollsSideways(page)).toBe(false);
          const region = page.getByRole('region', { name: /Enrolled areas/ });
          await region.focus();
          expect(await focused(page)).toBe('areas-region');
          await browser.expectAccessible(page);
        },
      ));
  },
);
