import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import {
  browserSuite,
  focusedId,
  JAVASCRIPT,
  scrollsSideways,
  signIn,
  SiteBrowser,
} from './site-browser';

const SWIS = 'social-workers-in-schools';
const SWIS_NAME = 'Social Workers in Schools (SWIS) trial';
const ENROLLED = 'Area enrolled in a programme';

/**
 * An auditor reads the history in Chromium, with JavaScript on and off: signs in, filters it by
 * an event type and a programme chosen from the lists, pages through it, downloads what matches
 * as CSV, and verifies the audit trail. axe-core scans every page on the way.
 */
browserSuite('the history pages in Chromium')('the history pages in Chromium', () => {
  const server = new TrackerServer('site-history-browser');
  let browser: SiteBrowser;
  let auditor = '';
  const heading = (page: Page) => page.locator('h1').innerText();
  const positions = (page: Page): Promise<number[]> =>
    page
      .locator('#history tbody tr')
      .evaluateAll<number[], unknown>((rows) =>
        rows.map((row) =>
          Number((row as unknown as { dataset: { position: string } }).dataset.position),
        ),
      );
  const titles = (page: Page): Promise<string[]> =>
    page.locator('#history tbody tr td:nth-child(2)').allInnerTexts();
  const apply = async (page: Page): Promise<void> => {
    await Promise.all([
      page.waitForURL(/\/history\?/),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ]);
  };

  beforeAll(async () => {
    await server.start();
    auditor = server.createAccount('AUDITOR', 'Ann Auditor');
    browser = await SiteBrowser.launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  }, 30_000);

  describe.each(JAVASCRIPT)('with JavaScript %s', (name, javaScriptEnabled) => {
    it(
      'an auditor filters the history from the lists, pages through it, downloads it and verifies the trail',
      () =>
        browser.withPage(
          `history journey, JavaScript ${name}`,
          { javaScriptEnabled },
          async (page) => {
            await signIn(page, server, auditor, '/history');
            expect(new URL(page.url()).pathname).toBe('/history');
            expect(await heading(page)).toBe('History');
            await browser.expectAccessible(page);

            await page.getByLabel('What happened').selectOption({ label: ENROLLED });
            await apply(page);
            const count = await page.locator('#history-count').innerText();
            const total = Number(
              /^(\d+) events match your filters, newest first\.$/.exec(count)![1],
            );
            expect(total).toBeGreaterThan(25);
            const first = await positions(page);
            expect(first).toHaveLength(25);
            expect((await titles(page)).every((title) => title.includes(' enrolled in '))).toBe(
              true,
            );
            await browser.expectAccessible(page);

            await Promise.all([
              page.waitForURL(/after=/),
              page.getByRole('link', { name: 'Next page' }).click(),
            ]);
            const second = await positions(page);
            expect(Math.max(...second)).toBeLessThan(Math.min(...first));
            await browser.expectAccessible(page);
            await Promise.all([
              page.waitForURL((url) => !url.search.includes('after=')),
              page.getByRole('link', { name: 'Previous page' }).click(),
            ]);
            expect(await positions(page)).toEqual(first);

            await page.getByLabel('Programme').selectOption({ label: SWIS_NAME });
            await apply(page);
            expect(page.url()).toContain(`programmeId=${SWIS}`);
            const shown = await titles(page);
            expect(shown.length).toBeGreaterThan(0);
            expect(shown.length).toBeLessThan(total);
            expect(shown.every((title) => title.endsWith(`enrolled in ${SWIS_NAME}`))).toBe(true);
            expect(await page.getByLabel('What happened').inputValue()).toBe('AreaEnrolled');
            await browser.expectAccessible(page);

            const [download] = await Promise.all([
              page.waitForEvent('download'),
              page.locator('#download-csv').click(),
            ]);
            expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}\.csv$/);
            const file = Buffer.concat(await (await download.createReadStream()).toArray());
            const rows = parse<Record<string, string>>(file, { bom: true, columns: true });
            expect(rows.map((row) => Number(row.position)).sort((a, b) => b - a)).toEqual(
              await positions(page),
            );
            expect(rows.every((row) => row.type === 'AreaEnrolled')).toBe(true);
            expect(rows.every((row) => row.streamId.startsWith(`rollout-${SWIS}.`))).toBe(true);

            await page.getByRole('link', { name: 'Verify the audit trail' }).click();
            await page.waitForURL(/\/history\/verify$/);
            expect(await heading(page)).toBe('Verify the audit trail');
            await browser.expectAccessible(page);
            await Promise.all([
              page.waitForURL(/verify=yes/),
              page.getByRole('button', { name: 'Verify the audit trail' }).click(),
            ]);
            expect(await page.locator('#verify-outcome').innerText()).toContain(
              'The audit trail is intact',
            );
            await browser.expectAccessible(page);
          },
        ),
      90_000,
    );
  });

  it(
    'the filters work from the keyboard alone, and their errors lead to the fields',
    () =>
      browser.withPage(
        'history keyboard',
        // The page with the filters' errors is a 400, which Chromium logs.
        { javaScriptEnabled: true, expectedConsole: /status of 400/ },
        async (page) => {
          await signIn(page, server, auditor, '/history');
          const tabTo = async (id: string): Promise<void> => {
            for (let presses = 0; presses < 60 && (await focusedId(page)) !== id; presses++)
              await page.keyboard.press('Tab');
            expect(await focusedId(page)).toBe(id);
          };
          await tabTo('eventType');
          await page.keyboard.type('Area enrolled');
          await tabTo('programmeId');
          await page.keyboard.type('Social');
          await tabTo('from-day');
          await page.keyboard.type('10');
          await page.keyboard.press('Tab');
          await page.keyboard.type('3');
          await page.keyboard.press('Tab');
          await page.keyboard.type('2026');
          await tabTo('to-day');
          await page.keyboard.type('9');
          await page.keyboard.press('Tab');
          await page.keyboard.type('3');
          await page.keyboard.press('Tab');
          await page.keyboard.type('2026');
          // A group of radios is one stop: the arrows choose within it.
          await tabTo('order');
          await page.keyboard.press('ArrowDown');
          expect(await focusedId(page)).toBe('order-2');
          await page.keyboard.press('Tab');
          expect(await page.locator(':focus').innerText()).toBe('Apply filters');
          await page.keyboard.press('Enter');
          await page.waitForURL(/to-day=9/);
          expect(page.url()).toContain('eventType=AreaEnrolled');
          expect(page.url()).toContain(`programmeId=${SWIS}`);
          expect(page.url()).toContain('order=oldest');
          expect(await page.title()).toBe('Error: History – Reform Tracker');
          // GOV.UK's error summary takes the focus, and its link leads to the field.
          expect(await page.locator('.govuk-error-summary').innerText()).toContain(
            'The to date must be the same as or after 10 March 2026',
          );
          await page.getByRole('link', { name: /The to date must be/ }).click();
          expect(await focusedId(page)).toBe('to-day');
          await browser.expectAccessible(page);
        },
      ),
    60_000,
  );

  it(
    'fits the history in 320 px, its table scrolling within its region',
    () =>
      browser.withPage(
        'history at 320 px',
        { javaScriptEnabled: false, width: 320 },
        async (page) => {
          await signIn(page, server, auditor, '/history');
          expect(await scrollsSideways(page)).toBe(false);
          await page.locator('#history-region').focus();
          expect(await focusedId(page)).toBe('history-region');
          await browser.expectAccessible(page);
          await page.goto(`${server.url}/history/verify?verify=yes`);
          expect(await scrollsSideways(page)).toBe(false);
          await browser.expectAccessible(page);
        },
      ),
    60_000,
  );
});
