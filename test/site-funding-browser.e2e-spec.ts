import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import { browserSuite, SiteBrowser } from './site-browser';

const LAMBETH = 'E09000022';
const SWIS = 'social-workers-in-schools';

/**
 * A member of the public follows the money in Chromium: funding by region, a region's grants,
 * a council's page with its Funding section. axe-core scans every page on the way.
 */
browserSuite('the funding pages in Chromium')('the funding pages in Chromium', () => {
  const server = new TrackerServer('site-funding-browser');
  let browser: SiteBrowser;
  const heading = (page: Page) => page.locator('h1').innerText();

  beforeAll(async () => {
    await server.start();
    browser = await SiteBrowser.launch();
    const answer = await server.gql(
      'mutation($input: AllocateGrantInput!) { allocateGrant(input: $input) { allocationId } }',
      {
        input: {
          programmeId: SWIS,
          areaCode: LAMBETH,
          amountPence: 12_345,
          periodStart: '2024-04-01',
          periodEnd: '2025-03-31',
          sourceUrl: 'https://www.gov.uk/government/publications/example-grant-determination',
          allocatedOn: '2024-03-15',
          fundingSource: 'Department for Education',
        },
      },
      server.createToken('BOARD_MEMBER', 'Ada Board'),
    );
    expect(answer.errors).toBeUndefined();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  }, 30_000);

  it(
    'goes from funding by region to a region and to a council, every page accessible',
    () =>
      browser.withPage('funding journey', { javaScriptEnabled: true }, async (page) => {
        await page.goto(`${server.url}/funding`);
        expect(await heading(page)).toBe('Funding by region');
        await browser.expectAccessible(page);

        await page.getByRole('link', { name: 'London' }).click();
        expect(await heading(page)).toBe('Funding in London');
        await browser.expectAccessible(page);

        await page.getByRole('link', { name: 'Lambeth' }).click();
        expect(await heading(page)).toBe('Lambeth');
        expect(await page.locator('#area-funding').innerText()).toContain('£123.45');
        await browser.expectAccessible(page);
      }),
    120_000,
  );
});
