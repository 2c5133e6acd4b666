import type { Page } from 'playwright-core';
import { TrackerServer } from './support/tracker-server';
import { browserSuite, JAVASCRIPT, scrollsSideways, SiteBrowser, signIn } from './site-browser';

/**
 * An admin adds a webhook in Chromium, with JavaScript on and off: the form sent with its
 * mistakes then corrected, the secret shown once on the webhook's page, and the webhook removed
 * after the confirmation page. axe-core scans every page on the way; they fit 320 px.
 */
browserSuite('the webhook pages in Chromium')('the webhook pages in Chromium', () => {
  const server = new TrackerServer('site-webhooks-browser');
  let browser: SiteBrowser;
  let admin: string;
  const heading = (page: Page) => page.locator('h1').innerText();

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
      'an admin adds a webhook after putting its mistakes right, then removes it',
      () =>
        browser.withPage(
          `add and remove a webhook, JavaScript ${name}`,
          // A form sent with problems is answered 400, which Chromium logs.
          { javaScriptEnabled, expectedConsole: /status of 400/ },
          async (page) => {
            await signIn(page, server, admin, '/admin/webhooks');
            expect(await heading(page)).toBe('Webhooks');
            await browser.expectAccessible(page);

            await page.getByRole('button', { name: 'Add a webhook' }).click();
            await page.waitForURL(/\/admin\/webhooks\/new$/);
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByLabel('Address').fill('https://192.168.1.10/hooks');
            await page.getByRole('button', { name: 'Add webhook' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.title()).toMatch(/^Error: Add a webhook/);
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual([
              'Select at least one event to send',
              'Enter a description, such as the system that receives the deliveries',
            ]);
            await browser.expectAccessible(page);

            await page.getByLabel('Milestone achieved').check();
            await page.getByLabel('Description').fill(`Warehouse ${name}`);
            await page.getByRole('button', { name: 'Add webhook' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual([
              'The address must be on the internet, not inside a network: 192.168.1.10, a private address',
            ]);
            expect(await page.getByLabel('Milestone achieved').isChecked()).toBe(true);

            await page.getByLabel('Address').fill('https://warehouse.example.gov.uk/hooks');
            await page.getByRole('button', { name: 'Add webhook' }).click();
            await page.waitForURL(/\/admin\/webhooks\/[0-9a-f-]{36}$/);
            expect(await heading(page)).toBe(`Warehouse ${name}`);
            expect(await page.inputValue('#secret')).toMatch(/^whsec_/);
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByRole('link', { name: 'Remove the webhook' }).click();
            await page.waitForURL(/\/remove$/);
            await browser.expectAccessible(page);
            await page.getByRole('button', { name: 'Remove webhook' }).click();
            await page.waitForURL(/\/admin\/webhooks$/);
            expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
              `Webhook removed: Warehouse ${name}`,
            );
            await browser.expectAccessible(page);
          },
        ),
      // Six pages scanned by axe, on a busy machine.
      120_000,
    );
  });
});
