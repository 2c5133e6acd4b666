import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import {
  browserSuite,
  focusedId,
  JAVASCRIPT,
  scrollsSideways,
  SiteBrowser,
  signIn,
} from './site-browser';

const SWIS = 'social-workers-in-schools';
const SWIS_NAME = 'Social Workers in Schools (SWIS) trial';
/** Areas enrolled in the trial: each test reports for one of its own, so none sees another's. */
const AREAS = {
  on: { code: 'E09000022', name: 'Lambeth' },
  off: { code: 'E09000028', name: 'Southwark' },
  keyboard: { code: 'E09000008', name: 'Croydon' },
  narrow: { code: 'E09000009', name: 'Ealing' },
} as const;

const csv = (...rows: string[]) =>
  Buffer.from(['areaCode,milestoneKey,achievedOn,evidenceUrl,note', ...rows].join('\n'));

/**
 * A local authority officer reports in Chromium, with JavaScript on and off: their programmes,
 * their area, a milestone form sent with three mistakes then corrected, and a CSV upload (a
 * file with problems, then a good one checked and imported). axe-core scans every page on the
 * way. The form is completed with the keyboard alone, and the pages fit 320 px.
 */
browserSuite('the report pages in Chromium')('the report pages in Chromium', () => {
  const server = new TrackerServer('site-report-browser');
  let browser: SiteBrowser;
  /** Each officer's email, by the area's key. */
  const emails: Record<string, string> = {};
  const heading = (page: Page) => page.locator('h1').innerText();
  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  beforeAll(async () => {
    await server.start();
    for (const [key, area] of Object.entries(AREAS))
      emails[key] = server.createAccount('LOCAL_AUTHORITY', `${area.name} officer`, area.code);
    browser = await SiteBrowser.launch();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  }, 30_000);

  describe.each(JAVASCRIPT)('with JavaScript %s', (name, javaScriptEnabled) => {
    const area = AREAS[name];
    const areaPath = `/report/${SWIS}/${area.code}`;

    it(
      'an officer reports a milestone, corrects three mistakes, and uploads a CSV file',
      () =>
        browser.withPage(
          `report journey, JavaScript ${name}`,
          // Forms sent with problems are answered 400, which Chromium logs.
          { javaScriptEnabled, expectedConsole: /status of 400/ },
          async (page) => {
            await signIn(page, server, emails[name], '/report');
            expect(await heading(page)).toBe(`Report for ${area.name}`);
            await browser.expectAccessible(page);

            await page.locator('#programmes').getByRole('link', { name: SWIS_NAME }).click();
            await page.waitForURL(new RegExp(`${areaPath}$`));
            expect(await heading(page)).toBe(area.name);
            await browser.expectAccessible(page);

            await page.getByRole('button', { name: 'Report a milestone' }).click();
            await page.waitForURL(new RegExp(`${areaPath}/milestone$`));
            await browser.expectAccessible(page);

            // Three mistakes: no milestone chosen, a date in the future, evidence that is not
            // a web address.
            await page.fill('#achievedOn-day', '1');
            await page.fill('#achievedOn-month', '1');
            await page.fill('#achievedOn-year', '2099');
            await page.fill('#evidence', 'on the shared drive');
            await page.getByRole('button', { name: 'Report milestone' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.title()).toMatch(/^Error: Report a milestone/);
            const problems = [
              'Select the milestone that was achieved',
              'The date the milestone was achieved must be today or in the past',
              'Enter the link to the evidence as a web address starting with https:// or http://, like https://www.example.com/report',
            ];
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual(
              problems,
            );
            expect(await text(page, '#milestoneKey-error')).toContain(problems[0]);
            expect(await text(page, '#achievedOn-error')).toContain(problems[1]);
            expect(await text(page, '#evidence-error')).toContain(problems[2]);
            // What was typed is kept.
            expect(await page.inputValue('#evidence')).toBe('on the shared drive');
            await browser.expectAccessible(page);

            await page.getByLabel('Social workers in post').check();
            await page.fill('#achievedOn-year', '2024');
            await page.fill('#evidence', 'https://example.org/posts.pdf');
            await page.getByRole('button', { name: 'Report milestone' }).click();
            await page.waitForURL(new RegExp(`${areaPath}$`));
            expect(await text(page, '.govuk-notification-banner')).toContain(
              'Social workers in post reported as achieved on 1 January 2024',
            );
            expect(await text(page, '#milestones')).toContain('1 January 2024');
            expect(await text(page, '#timeline')).toContain(
              'Social workers in post: achieved on 1 January 2024',
            );
            await browser.expectAccessible(page);

            await page.getByRole('link', { name: 'Upload milestones from a CSV file' }).click();
            await page.waitForURL(/\/report\/upload\?programme=/);
            expect(await page.getByLabel(SWIS_NAME).isChecked()).toBe(true);
            await browser.expectAccessible(page);

            await page.setInputFiles('#file', {
              name: 'bad.csv',
              mimeType: 'text/csv',
              buffer: csv(
                `${area.code},trial-data-returned,2024-02-30,,`,
                `${area.code},made-up-milestone,2024-02-01,,`,
              ),
            });
            await page.getByRole('button', { name: 'Check the file' }).click();
            await page.waitForSelector('#import-counts');
            expect(await heading(page)).toBe('Check your file');
            const found = await text(page, '#import-problems');
            expect(found).toContain(
              'The date the milestone was achieved must be a real date, written year-month-day, like 2026-12-04',
            );
            expect(found).toContain(`${SWIS_NAME} has no such milestone`);
            expect(await page.locator('#import').count()).toBe(0);
            await browser.expectAccessible(page);

            await page.getByRole('link', { name: 'Upload a corrected file' }).click();
            await page.getByLabel(SWIS_NAME).check();
            await page.setInputFiles('#file', {
              name: 'good.csv',
              mimeType: 'text/csv',
              buffer: csv(
                `${area.code},trial-data-returned,2024-02-29,,Returned in full`,
                `${area.code},social-workers-in-post,2024-01-01,,`,
              ),
            });
            await page.getByRole('button', { name: 'Check the file' }).click();
            await page.waitForSelector('#import-rows');
            expect(await text(page, '#import-rows')).toContain('To be recorded');
            expect(await text(page, '#import-rows')).toContain('Already recorded');
            await browser.expectAccessible(page);

            await page.getByRole('button', { name: 'Import 1 milestone' }).click();
            await page.waitForURL(new RegExp(`${areaPath}$`));
            expect(await text(page, '.govuk-notification-banner')).toContain(
              '1 milestone imported from good.csv',
            );
            expect(await text(page, '#timeline')).toContain(
              'Trial data returned: achieved on 29 February 2024. Returned in full',
            );
            await browser.expectAccessible(page);
          },
        ),
      240_000,
    );
  });

  it(
    'the milestone form can be completed with the keyboard alone',
    () =>
      browser.withPage('report with the keyboard', { javaScriptEnabled: true }, async (page) => {
        const areaPath = `/report/${SWIS}/${AREAS.keyboard.code}`;
        await signIn(page, server, emails.keyboard, `${areaPath}/milestone`);
        const tabTo = async (id: string) => {
          for (let presses = 0; presses < 40 && (await focusedId(page)) !== id; presses++)
            await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe(id);
        };
        await tabTo('milestoneKey');
        // Arrow keys move through a radio group and choose.
        await page.keyboard.press('ArrowDown');
        expect(await focusedId(page)).toBe('milestoneKey-2');
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('achievedOn-day');
        await page.keyboard.type('2');
        await page.keyboard.press('Tab');
        await page.keyboard.type('3');
        await page.keyboard.press('Tab');
        await page.keyboard.type('2024');
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('evidence');
        await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe('note');
        await page.keyboard.type('Reported with the keyboard');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForURL(new RegExp(`${areaPath}$`));
        expect(await text(page, '.govuk-notification-banner')).toContain(
          'Social workers in post reported as achieved on 2 March 2024',
        );
      }),
    60_000,
  );

  it(
    'fits 320 px: the pages do not scroll sideways, their tables scroll within their regions',
    () =>
      browser.withPage(
        'report at 320 px',
        { javaScriptEnabled: true, width: 320, expectedConsole: /status of 400/ },
        async (page) => {
          const areaPath = `/report/${SWIS}/${AREAS.narrow.code}`;
          await signIn(page, server, emails.narrow, '/report');
          expect(await scrollsSideways(page)).toBe(false);
          await page.goto(`${server.url}${areaPath}`);
          expect(await scrollsSideways(page)).toBe(false);
          await page.goto(`${server.url}${areaPath}/milestone`);
          await page.getByRole('button', { name: 'Report milestone' }).click();
          await page.waitForSelector('.govuk-error-summary');
          expect(await scrollsSideways(page)).toBe(false);
          await page.goto(`${server.url}/report/upload?programme=${SWIS}`);
          await page.setInputFiles('#file', {
            name: 'wide.csv',
            mimeType: 'text/csv',
            buffer: csv(
              `${AREAS.narrow.code},schools-recruited,2024-01-05,https://example.org/${'a'.repeat(120)},A note`,
            ),
          });
          await page.getByRole('button', { name: 'Check the file' }).click();
          await page.waitForSelector('#import-rows');
          expect(await scrollsSideways(page)).toBe(false);
          await browser.expectAccessible(page);
        },
      ),
    60_000,
  );
});
