import type { Page } from 'playwright-core';
import { TEST_CLIENT, TestOidcProvider } from './support/test-oidc-provider';
import { TrackerServer } from './support/tracker-server';
import { browserSuite, scrollsSideways, SiteBrowser } from './site-browser';

const SUPPORT = 'tracker-help@example.gov.uk';

/**
 * The pages a person sees when signing in with single sign-on is refused, in Chromium with
 * axe-core (WCAG 2.2 AA): no account for the email, an email the provider has not confirmed, and
 * a sign-in the person cancelled at the provider (the provider's error). Each names what
 * happened in its heading and whom to ask. A real provider (oidc-provider), as in site-oidc.
 */
browserSuite('the single sign-on refusals in Chromium')(
  'the single sign-on refusals in Chromium',
  () => {
    const provider = new TestOidcProvider();
    let server: TrackerServer;
    let browser: SiteBrowser;
    const heading = (page: Page) => page.locator('h1').innerText();
    const main = (page: Page) => page.locator('main').innerText();

    beforeAll(async () => {
      await provider.listen();
      server = new TrackerServer('site-oidc-browser', {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: TEST_CLIENT.id,
        OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
        OIDC_NAME: 'Test Sign-in',
        SUPPORT_EMAIL: SUPPORT,
      });
      await server.start();
      const una = server.createAccount('BOARD_MEMBER', 'Una Verified');
      await provider.start([server.url], {
        unverified: { email: una, email_verified: false, name: 'Una' },
        stranger: { email: 'stranger@example.org', email_verified: true, name: 'A stranger' },
      });
      // Discovery is tried again in the background until the provider answers.
      for (let tries = 0; tries < 200; tries++) {
        const page = await (await fetch(`${server.url}/sign-in`)).text();
        if (page.includes('href="/sign-in/oidc"')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      browser = await SiteBrowser.launch();
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await server?.dispose();
      await provider.stop();
    }, 30_000);

    /**
     * From the tracker's sign-in page to the provider's, where `atProvider` logs in or cancels;
     * resolves with the tracker's answer to the way back.
     */
    const throughProvider = async (
      page: Page,
      atProvider: (page: Page) => Promise<void>,
    ): Promise<number | undefined> => {
      // The provider's own pages import a web font from elsewhere, out of reach here.
      await page.route('https://fonts.googleapis.com/**', (route) =>
        route.fulfill({ contentType: 'text/css', body: '' }),
      );
      await page.goto(`${server.url}/sign-in`);
      await page.getByRole('button', { name: 'Sign in with Test Sign-in' }).click();
      await page.waitForURL((url) => url.href.startsWith(provider.issuer));
      const [answer] = await Promise.all([
        page.waitForResponse((response) =>
          response.url().startsWith(`${server.url}/sign-in/oidc/callback`),
        ),
        atProvider(page),
      ]);
      await page.waitForLoadState();
      return answer.status();
    };
    const logInAs = (login: string) => async (page: Page) => {
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
    };

    it.each([
      [
        'a person without an account',
        'stranger',
        'You do not have an account on Reform Tracker',
        `To get an account, email ${SUPPORT}`,
      ],
      [
        'an email the provider has not confirmed, whose account or not',
        'unverified',
        'Test Sign-in has not confirmed your email address',
        `If you need help, email ${SUPPORT}`,
      ],
    ])(
      'refuses %s, saying whom to ask',
      (_, login, title, whomToAsk) =>
        browser.withPage(
          `single sign-on refused: ${login}`,
          { javaScriptEnabled: true, width: 320, expectedConsole: /status of 403/ },
          async (page) => {
            expect(await throughProvider(page, logInAs(login))).toBe(403);
            expect(await heading(page)).toBe(title);
            expect(await main(page)).toContain(whomToAsk);
            expect(await page.getByRole('link', { name: SUPPORT }).getAttribute('href')).toBe(
              `mailto:${SUPPORT}`,
            );
            expect(await scrollsSideways(page)).toBe(false);
            await browser.expectAccessible(page);
          },
        ),
      60_000,
    );

    it(
      'says a sign-in cancelled at the provider did not finish, the way back, and whom to ask',
      () =>
        browser.withPage(
          'single sign-on cancelled',
          { javaScriptEnabled: true, width: 320, expectedConsole: /status of 400/ },
          async (page) => {
            const status = await throughProvider(page, (atProvider) =>
              atProvider.getByRole('link', { name: '[ Cancel ]' }).click(),
            );
            expect(status).toBe(400);
            expect(await heading(page)).toBe('You could not be signed in');
            expect(await main(page)).toContain('Signing in with Test Sign-in did not finish');
            expect(await main(page)).toContain(`If it keeps happening, email ${SUPPORT}`);
            expect(await scrollsSideways(page)).toBe(false);
            await browser.expectAccessible(page);
            await page.getByRole('link', { name: 'Go back to sign in' }).click();
            await page.waitForURL(/\/sign-in$/);
          },
        ),
      60_000,
    );
  },
);
