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

/** An email of its own for each account a test adds. */
const newEmail = (who: string) =>
  `${who}.${Date.now()}.${Math.random().toString(36).slice(2, 6)}@example.org`;

/**
 * An admin adds an account in Chromium, with JavaScript on and off: the list, the form sent
 * with three mistakes then corrected, and the new account's page. axe-core scans every page on
 * the way. The form is completed with the keyboard alone, and the pages fit 320 px.
 */
browserSuite('the account pages in Chromium')('the account pages in Chromium', () => {
  const server = new TrackerServer('site-accounts-browser');
  let browser: SiteBrowser;
  let admin: string;
  const heading = (page: Page) => page.locator('h1').innerText();
  const text = (page: Page, selector: string) => page.locator(selector).innerText();

  beforeAll(async () => {
    await server.start();
    admin = server.createAccount('ADMIN', 'Ann Admin');
    browser = await SiteBrowser.launch();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  }, 30_000);

  describe.each(JAVASCRIPT)('with JavaScript %s', (name, javaScriptEnabled) => {
    it(
      'an admin adds an officer of two areas after putting three mistakes right',
      () =>
        browser.withPage(
          `add an account, JavaScript ${name}`,
          // A form sent with problems is answered 400, which Chromium logs.
          { javaScriptEnabled, expectedConsole: /status of 400/ },
          async (page) => {
            await signIn(page, server, admin, '/overview');
            await page.getByRole('link', { name: 'Accounts', exact: true }).click();
            await page.waitForURL(/\/admin\/accounts$/);
            expect(await heading(page)).toBe('Accounts');
            expect(await text(page, '#accounts')).toContain(admin);
            await browser.expectAccessible(page);

            await page.getByRole('button', { name: 'Add an account' }).click();
            await page.waitForURL(/\/admin\/accounts\/new$/);
            await browser.expectAccessible(page);

            const email = newEmail(`officer.${name}`);
            await page.getByLabel('Email address').fill(email);
            await page.getByRole('button', { name: 'Add account' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.title()).toMatch(/^Error: Add an account/);
            const problems = [
              "Enter the person's name",
              'Enter the organisation the person works for',
              "Select the person's role",
            ];
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual(
              problems,
            );
            expect(await text(page, '#name-error')).toContain(problems[0]);
            expect(await text(page, '#organisation-error')).toContain(problems[1]);
            expect(await text(page, '#role-error')).toContain(problems[2]);
            expect(await page.inputValue('#email')).toBe(email);
            await browser.expectAccessible(page);

            await page.getByLabel('Name', { exact: true }).fill('Lou Officer');
            await page.getByLabel('Organisation').fill('Lambeth and Southwark shared service');
            await page.getByLabel('Local authority officer').check();
            await page.locator('summary', { hasText: 'London' }).click();
            await page.getByLabel('Lambeth').check();
            await page.getByLabel('Southwark').check();
            await page.getByRole('button', { name: 'Add account' }).click();
            await page.waitForURL(/\/admin\/accounts\/[0-9a-f-]{36}$/);
            expect(await heading(page)).toBe('Lou Officer');
            expect(await text(page, '.govuk-notification-banner')).toContain(
              'Account added for Lou Officer: they can now sign in',
            );
            expect(await text(page, '#account-details')).toContain('Lambeth, Southwark');
            await browser.expectAccessible(page);
          },
        ),
      90_000,
    );
  });

  it(
    'the account form can be completed with the keyboard alone',
    () =>
      browser.withPage(
        'add an account with the keyboard',
        { javaScriptEnabled: true },
        async (page) => {
          await signIn(page, server, admin, '/admin/accounts/new');
          const tabTo = async (id: string) => {
            for (let presses = 0; presses < 60 && (await focusedId(page)) !== id; presses++)
              await page.keyboard.press('Tab');
            expect(await focusedId(page)).toBe(id);
          };
          await tabTo('email');
          await page.keyboard.type(newEmail('keyboard'));
          await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe('name');
          await page.keyboard.type('Kay Board');
          await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe('organisation');
          await page.keyboard.type('Department for Education');
          await page.keyboard.press('Tab');
          expect(await focusedId(page)).toBe('role');
          // Arrow keys move through a radio group and choose: the third role, auditor.
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('ArrowDown');
          expect(await focusedId(page)).toBe('role-3');
          await tabTo('reason');
          await page.keyboard.type('Joins the audit team');
          await page.keyboard.press('Tab');
          await page.keyboard.press('Enter');
          await page.waitForURL(/\/admin\/accounts\/[0-9a-f-]{36}$/);
          expect(await text(page, '#account-details')).toContain('Auditor');
        },
      ),
    60_000,
  );

  it(
    'fits 320 px: the pages do not scroll sideways, the list scrolls within its region',
    () =>
      browser.withPage(
        'accounts at 320 px',
        { javaScriptEnabled: true, width: 320, expectedConsole: /status of 400/ },
        async (page) => {
          await signIn(page, server, admin, '/admin/accounts');
          expect(await scrollsSideways(page)).toBe(false);
          await page.goto(`${server.url}/admin/accounts/new`);
          await page.getByRole('button', { name: 'Add account' }).click();
          await page.waitForSelector('.govuk-error-summary');
          expect(await scrollsSideways(page)).toBe(false);
          await page.goto(`${server.url}/admin/accounts`);
          await page.locator('#accounts a').first().click();
          await page.waitForURL(/\/admin\/accounts\/[0-9a-f-]{36}$/);
          expect(await scrollsSideways(page)).toBe(false);
          await browser.expectAccessible(page);
        },
      ),
    60_000,
  );
});
