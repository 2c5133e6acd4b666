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

const LAMBETH = 'E09000022';
const SWIS = 'social-workers-in-schools';
const SOURCE = 'https://www.gov.uk/government/publications/example-grant-determination';

const AREA_PAGE = `/overview/programmes/${SWIS}/areas/${LAMBETH}`;
const NEW_ALLOCATION = `/funding/allocations/new?areaCode=${LAMBETH}&programmeId=${SWIS}`;

/**
 * A member of the public follows the money in Chromium: funding by region, a region's grants,
 * a council's page with its Funding section. A board member records, corrects and withdraws a
 * grant, with JavaScript on and off and with the keyboard alone; the forms fit 320 px. axe-core
 * scans every page on the way.
 */
browserSuite('the funding pages in Chromium')('the funding pages in Chromium', () => {
  const server = new TrackerServer('site-funding-browser');
  let browser: SiteBrowser;
  let board: string;
  const heading = (page: Page) => page.locator('h1').innerText();

  beforeAll(async () => {
    await server.start();
    board = server.createAccount('BOARD_MEMBER', 'Bo Board');
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
          sourceUrl: SOURCE,
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

  /** The success banner's text. */
  const banner = (page: Page) => page.locator('.govuk-notification-banner').innerText();

  describe.each(JAVASCRIPT)('with JavaScript %s', (name, javaScriptEnabled) => {
    // Each run records its own financial year, so that neither is the other's duplicate.
    const year = javaScriptEnabled ? 2025 : 2026;
    const period = `${year} to ${year + 1}`;
    const rowLink = (page: Page, action: string) =>
      page.getByRole('link', {
        name: `${action} the allocation of Social Workers in Schools (SWIS) trial for 1 April ${year} to 31 March ${year + 1}`,
      });

    it(
      'a board member records a grant after putting a mistake right, corrects it and withdraws it',
      () =>
        browser.withPage(
          `record, correct and withdraw a grant, JavaScript ${name}`,
          // A form sent with problems is answered 400, which Chromium logs.
          { javaScriptEnabled, expectedConsole: /status of 400/ },
          async (page) => {
            await signIn(page, server, board, AREA_PAGE);
            await browser.expectAccessible(page);
            await page.getByRole('link', { name: 'Record a grant allocation to Lambeth' }).click();
            expect(await heading(page)).toBe('Record a grant allocation');
            expect(await page.getByLabel('Local authority').inputValue()).toBe(LAMBETH);
            expect(
              await page.getByLabel('Social Workers in Schools (SWIS) trial').isChecked(),
            ).toBe(true);
            await browser.expectAccessible(page);

            await page.getByLabel('Amount').fill('1,000.005');
            await page.getByLabel('Financial year').selectOption({ label: period });
            await page.getByLabel('Day', { exact: true }).fill('1');
            await page.getByLabel('Month', { exact: true }).fill('4');
            await page.getByLabel('Year', { exact: true }).fill(String(year));
            await page.getByLabel('Where it is published').fill(SOURCE);
            await page.getByRole('button', { name: 'Continue' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.title()).toMatch(/^Error: Record a grant allocation/);
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual([
              'The amount must not have more than 2 decimal places, like 1250000.50',
            ]);
            await browser.expectAccessible(page);

            await page.getByLabel('Amount').fill('1,000.05');
            await page.getByRole('button', { name: 'Continue' }).click();
            expect(await heading(page)).toBe(
              'Check your answers before recording the grant allocation',
            );
            await browser.expectAccessible(page);
            await page.getByRole('button', { name: 'Record allocation' }).click();
            await page.waitForURL((url) => url.pathname === AREA_PAGE);
            expect(await banner(page)).toContain(
              `Grant allocation recorded: £1,000.05 to Lambeth for ${period}`,
            );
            await browser.expectAccessible(page);

            await rowLink(page, 'Correct').click();
            expect(await heading(page)).toBe('Correct the allocation to Lambeth');
            await browser.expectAccessible(page);
            await page.getByLabel('Amount').fill('2000');
            await page
              .getByLabel('Why are you correcting it?')
              .fill('The determination was revised');
            await page.getByRole('button', { name: 'Correct allocation' }).click();
            await page.waitForURL((url) => url.pathname === AREA_PAGE);
            expect(await banner(page)).toContain(
              'Grant allocation corrected: Lambeth, now £2,000.00',
            );

            await rowLink(page, 'Withdraw').click();
            expect(await heading(page)).toBe(
              'Are you sure you want to withdraw the allocation to Lambeth?',
            );
            await browser.expectAccessible(page);
            await page.getByLabel('Why are you withdrawing it?').fill('Recorded in error');
            await page.getByRole('button', { name: 'Withdraw allocation' }).click();
            await page.waitForURL((url) => url.pathname === AREA_PAGE);
            expect(await banner(page)).toContain(
              'Grant allocation withdrawn: £2,000.00 to Lambeth',
            );
            expect(await rowLink(page, 'Withdraw').count()).toBe(0);
          },
        ),
      // Eight pages scanned by axe, on a busy machine.
      180_000,
    );
  });

  it(
    'the grant allocation form can be completed and recorded with the keyboard alone',
    () =>
      browser.withPage(
        'record a grant with the keyboard',
        { javaScriptEnabled: true },
        async (page) => {
          await signIn(page, server, board, NEW_ALLOCATION);
          const tabTo = async (found: () => Promise<boolean>) => {
            for (let presses = 0; presses < 80 && !(await found()); presses++)
              await page.keyboard.press('Tab');
            expect(await found()).toBe(true);
          };
          const focusedButton = (text: string) => () =>
            page
              .locator(':focus')
              .innerText({ timeout: 1000 })
              .then((focused) => focused.trim() === text)
              .catch(() => false);
          await tabTo(async () => (await focusedId(page)) === 'amount');
          await page.keyboard.type('750');
          await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe('period');
          // The first year offered after "Choose a financial year": the newest.
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe('allocatedOn-day');
          await page.keyboard.type('2');
          await page.keyboard.press('Tab');
          await page.keyboard.type('1');
          await page.keyboard.press('Tab');
          await page.keyboard.type('2024');
          await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe('sourceUrl');
          await page.keyboard.type(SOURCE);
          await tabTo(focusedButton('Continue'));
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { name: 'Check your answers' }).waitFor();
          await tabTo(focusedButton('Record allocation'));
          await page.keyboard.press('Enter');
          await page.waitForURL((url) => url.pathname === AREA_PAGE);
          expect(await banner(page)).toContain('Grant allocation recorded: £750.00 to Lambeth');
        },
      ),
    90_000,
  );

  it(
    'fits 320 px: the grant allocation pages do not scroll sideways',
    () =>
      browser.withPage(
        'grant pages at 320 px',
        { javaScriptEnabled: true, width: 320 },
        async (page) => {
          await signIn(page, server, board, NEW_ALLOCATION);
          expect(await scrollsSideways(page)).toBe(false);
          await page.goto(`${server.url}${AREA_PAGE}`);
          expect(await scrollsSideways(page)).toBe(false);
          const correct = await page.locator('a[href$="/correct"]').first().getAttribute('href');
          for (const path of [correct!, correct!.replace(/correct$/, 'withdraw')]) {
            await page.goto(`${server.url}${path}`);
            expect(await scrollsSideways(page)).toBe(false);
          }
        },
      ),
    90_000,
  );
});
