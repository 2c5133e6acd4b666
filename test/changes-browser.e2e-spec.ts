import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import { browserSuite, signIn, SiteBrowser } from './site-browser';

const SWIS = 'social-workers-in-schools';

/**
 * A board member asks what changed between two dates in Chromium, opens the board pack and
 * prints it: in print, no navigation, banner or footer, a section a page. The public's page of
 * moved targets too. axe-core scans every page on the way, the board pack in print as well.
 */
browserSuite('the changes pages in Chromium')('the changes pages in Chromium', () => {
  const server = new TrackerServer('changes-browser');
  let browser: SiteBrowser;
  let email = '';
  const visible = (page: Page, selector: string) => page.locator(selector).first().isVisible();

  beforeAll(async () => {
    await server.start();
    browser = await SiteBrowser.launch();
    email = server.createAccount('BOARD_MEMBER', 'Ada Board');
  }, 60_000);
  afterAll(() => Promise.all([browser?.close(), server.dispose()]), 30_000);

  it(
    'a board member asks what changed, then prints the board pack without the navigation',
    () =>
      browser.withPage('changes and board pack', { javaScriptEnabled: true }, async (page) => {
        await signIn(page, server, email, '/changes');
        await page.waitForURL(/\/changes$/);
        await browser.expectAccessible(page);
        for (const [group, values] of [
          ['From', ['1', '1', '2016']],
          ['To', ['31', '12', '2024']],
        ] as const) {
          const fieldset = page.getByRole('group', { name: group, exact: true });
          for (const [index, label] of ['Day', 'Month', 'Year'].entries())
            await fieldset.getByLabel(label).fill(values[index]);
        }
        await Promise.all([
          page.waitForURL(/from-day=1/),
          page.getByRole('button', { name: 'Show the changes' }).click(),
        ]);
        expect(await page.locator('#changes-heading').innerText()).toBe(
          'Changes between 1 January 2016 and 31 December 2024, by the date things happened',
        );
        expect(await page.locator('#stage-changes-table tbody tr').count()).toBeGreaterThan(0);
        await browser.expectAccessible(page);

        await Promise.all([
          page.waitForURL(/\/changes\/board-pack\?/),
          page.locator('#board-pack').click(),
        ]);
        expect(await visible(page, '.govuk-service-navigation')).toBe(true);
        await page.emulateMedia({ media: 'print' });
        for (const selector of [
          '.govuk-service-navigation',
          '.govuk-phase-banner',
          '.govuk-footer',
          '.app-no-print',
        ])
          expect([selector, await visible(page, selector)]).toEqual([selector, false]);
        expect(await visible(page, '.app-board-pack__header')).toBe(true);
        // In the page: the DOM's getComputedStyle, which these Node types do not know.
        const breaks = await page.locator('.app-board-pack__section').evaluateAll((sections) =>
          sections.map(
            (section) =>
              (
                globalThis as unknown as {
                  getComputedStyle(element: unknown): { breakBefore: string };
                }
              ).getComputedStyle(section).breakBefore,
          ),
        );
        expect(breaks).toEqual(Array(8).fill('page'));
        await browser.expectAccessible(page);
      }),
    120_000,
  );

  it(
    "the public reads a programme's moved targets",
    () =>
      browser.withPage('moved targets', { javaScriptEnabled: true }, async (page) => {
        await page.goto(`${server.url}/programmes/${SWIS}`);
        await Promise.all([
          page.waitForURL(/\/moved-targets$/),
          page.locator('#moved-targets-link').click(),
        ]);
        expect(await page.locator('h1').innerText()).toBe('Targets that moved');
        await browser.expectAccessible(page);
      }),
    60_000,
  );
});
