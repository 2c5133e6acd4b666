import { execFile } from 'child_process';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { promisify } from 'util';
import type { Page } from 'playwright-core';
import { ROOT, TrackerServer } from './support/tracker-server';
import {
  browserSuite,
  focusedId,
  JAVASCRIPT,
  scrollsSideways,
  SiteBrowser,
  signIn,
} from './site-browser';

const LEWISHAM = 'E09000023';
const WHO_AM_I = '{ whoAmI { name role } }';
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id) { nodes { outcome attempts } } }`;

/** A date as the pages write it: "3 June 2027". */
const govukDate = (at: number): string =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(at);

const until = async (check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/**
 * The pages issue 17 added, in Chromium, with axe-core (WCAG 2.2 AA) scanning each state: a
 * person's API tokens (created with the keyboard alone, used, revoked) and choice of digests,
 * the one-click unsubscribe page of a digest, and the admins' security log (ending a person's
 * sessions) and webhooks with their delivery log. The pages fit 320 px. One server for all.
 */
browserSuite("issue 17's signed-in pages in Chromium")(
  "issue 17's signed-in pages in Chromium",
  () => {
    // The server mails no digests of its own: the test sends them when it wants them.
    const server = new TrackerServer('site-signed-in-browser', { REMINDERS_INTERVAL_SECONDS: '0' });
    let browser: SiteBrowser;
    let admin: string;
    const heading = (page: Page) => page.locator('h1').innerText();
    const text = (page: Page, selector: string) => page.locator(selector).innerText();
    const notice = (page: Page) => text(page, '.govuk-notification-banner');
    /** The row of a table whose text has `words`. */
    const row = (page: Page, table: string, words: string) =>
      page.locator(`${table} tbody tr`, { hasText: words });
    const tabTo = async (page: Page, id: string) => {
      for (let presses = 0; presses < 60 && (await focusedId(page)) !== id; presses++)
        await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe(id);
    };

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
        'a person creates an API token with the keyboard alone, copies it, uses it and revokes it',
        () =>
          browser.withPage(
            `API tokens, JavaScript ${name}`,
            // A form sent with a problem is answered 400, which Chromium logs.
            { javaScriptEnabled, expectedConsole: /status of 400/ },
            async (page) => {
              const email = server.createAccount('AUDITOR', `Tess Token ${name}`);
              await signIn(page, server, email, '/overview');
              await page.getByRole('link', { name: 'API tokens' }).click();
              await page.waitForURL(/\/account\/tokens$/);
              expect(await heading(page)).toBe('API tokens');
              expect(await text(page, '#no-tokens')).toBe('You have no API tokens.');
              await browser.expectAccessible(page);

              // No name: the error summary, and the field's own message.
              await page.getByRole('button', { name: 'Create token' }).click();
              await page.waitForSelector('.govuk-error-summary');
              expect(await page.title()).toMatch(/^Error: API tokens/);
              expect(await text(page, '.govuk-error-summary__list')).toBe(
                'Enter a name for the token, saying what it is for',
              );
              expect(await text(page, '#name-error')).toContain('Enter a name for the token');
              await browser.expectAccessible(page);
              await page.getByRole('link', { name: 'Enter a name for the token' }).click();
              expect(await focusedId(page)).toBe('name');

              // The keyboard alone: the name, 180 days by the arrow keys, and the button.
              await page.keyboard.type('Nightly import');
              await page.keyboard.press('Tab');
              expect(await focusedId(page)).toBe('expiresInDays-2'); // 90 days, checked
              await page.keyboard.press('ArrowDown');
              expect(await focusedId(page)).toBe('expiresInDays-3');
              await page.keyboard.press('Tab');
              expect(await page.locator(':focus').innerText()).toBe('Create token');
              await page.keyboard.press('Enter');
              await page.getByRole('heading', { name: 'Token created' }).waitFor();
              const expires = govukDate(Date.now() + 180 * 24 * 3600 * 1000);
              expect(await text(page, 'main')).toContain(`It expires on ${expires}.`);
              await browser.expectAccessible(page);

              // Shown once, in a field a person can select and copy from.
              const field = page.getByLabel('Your token, Nightly import');
              const token = await field.inputValue();
              expect(token).toMatch(/^rt_/);
              expect(await field.getAttribute('readonly')).not.toBeNull();
              await tabTo(page, 'token');
              await page.keyboard.press('ControlOrMeta+A');
              if (javaScriptEnabled) {
                const selected = await field.evaluate(
                  (input: { value: string; selectionStart: number; selectionEnd: number }) =>
                    input.value.slice(input.selectionStart, input.selectionEnd),
                );
                expect(selected).toBe(token);
              }

              // It is the person's, as a bearer token.
              expect((await server.gql(WHO_AM_I, {}, token)).data).toEqual({
                whoAmI: { name: `Tess Token ${name}`, role: 'AUDITOR' },
              });
              await page.getByRole('link', { name: 'Back to your API tokens' }).click();
              await page.waitForURL(/\/account\/tokens$/);
              const listed = row(page, '#tokens', 'Nightly import');
              const cells = await listed.locator('td').allInnerTexts();
              expect(cells.slice(0, 5)).toEqual([
                'Nightly import',
                govukDate(Date.now()),
                expires,
                expect.stringMatching(
                  /^(\d{1,2}(:\d\d)?(am|pm)|midday|midnight) on \d{1,2} \w+ \d{4}$/,
                ),
                'Active',
              ]);
              await browser.expectAccessible(page);

              await listed.getByRole('button', { name: 'Revoke Nightly import' }).click();
              await page.waitForURL(/\/account\/tokens$/);
              expect(await notice(page)).toContain(
                'The token Nightly import is revoked: it is refused from now on',
              );
              expect(await row(page, '#tokens', 'Nightly import').innerText()).toContain('Revoked');
              expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
              await browser.expectAccessible(page);
              expect((await server.gql(WHO_AM_I, {}, token)).errors?.[0].message).toBe(
                'The bearer token is unknown or revoked',
              );
            },
          ),
        150_000,
      );

      it(
        'an officer chooses monthly digests, then none, with the radios',
        () =>
          browser.withPage(
            `digests, JavaScript ${name}`,
            { javaScriptEnabled, expectedConsole: /status of 400/ },
            async (page) => {
              const email = server.createAccount('LOCAL_AUTHORITY', `Dee Gest ${name}`, LEWISHAM);
              await signIn(page, server, email, '/overview');
              await page.getByRole('link', { name: 'Digests' }).click();
              await page.waitForURL(/\/account\/reminders$/);
              expect(await heading(page)).toBe('How often do you want a digest of milestones?');
              expect(await page.getByLabel('Weekly').isChecked()).toBe(true);
              await browser.expectAccessible(page);

              await page.getByLabel('Monthly').check();
              await page.getByRole('button', { name: 'Save' }).click();
              await page.waitForSelector('.govuk-notification-banner');
              expect(await notice(page)).toContain('You will get a digest every month');
              expect(await page.getByLabel('Monthly').isChecked()).toBe(true);
              await browser.expectAccessible(page);

              await page.getByLabel('Never').check();
              await page.getByRole('button', { name: 'Save' }).click();
              await page.waitForSelector('.govuk-notification-banner');
              expect(await notice(page)).toContain('You will get no digests');
              expect(await page.getByLabel('Never').isChecked()).toBe(true);
              await browser.expectAccessible(page);
            },
          ),
        120_000,
      );
    });

    it(
      'answers a digests form sent without a choice with the error summary',
      () =>
        browser.withPage(
          'digests without a choice',
          { javaScriptEnabled: true, expectedConsole: /status of 400/ },
          async (page) => {
            const email = server.createAccount('BOARD_MEMBER', 'Noah Choice');
            await signIn(page, server, email, '/account/reminders');
            // A person cannot clear a radio group; a page open from before can send none.
            await page
              .locator('input[name="frequency"]')
              .evaluateAll((radios) =>
                radios.forEach(
                  (radio) => ((radio as unknown as { checked: boolean }).checked = false),
                ),
              );
            await page.getByRole('button', { name: 'Save' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.title()).toMatch(/^Error: Your digests/);
            const problem = 'Select how often you want a digest of milestones';
            expect(await text(page, '.govuk-error-summary__list')).toBe(problem);
            expect(await text(page, '#frequency-error')).toContain(problem);
            await browser.expectAccessible(page);
            await page.getByRole('link', { name: problem }).click();
            expect(await focusedId(page)).toBe('frequency');
          },
        ),
      120_000,
    );

    it(
      "stops an officer's digests from the link in a digest, with the page's button",
      () =>
        browser.withPage('unsubscribe', { javaScriptEnabled: true, width: 320 }, async (page) => {
          const email = server.createAccount('LOCAL_AUTHORITY', 'Una Subscribe', LEWISHAM);
          // Every digest due is sent; each taken out of the mailbox, so that sign-ins
          // read their links. Lewisham has milestones overdue.
          const { stdout } = await promisify(execFile)(
            process.execPath,
            [join(ROOT, 'bin/tracker'), 'reminders', 'send'],
            { env: server.env, encoding: 'utf8' },
          );
          const sentTo = stdout
            .split('\n')
            .filter((line) => line.includes('\tsent: '))
            .map((line) => line.split('\t')[0]);
          expect(sentTo).toContain(email);
          let link = '';
          for (const to of sentTo) {
            const mail = await server.mailbox!.nextMailTo(to);
            if (to === email) link = /^<(.+)>$/.exec(mail.header('List-Unsubscribe'))![1];
          }

          await page.goto(link);
          expect(await heading(page)).toBe('Stop your digests');
          expect(await scrollsSideways(page)).toBe(false);
          await browser.expectAccessible(page);
          await page.getByRole('button', { name: 'Stop my digests' }).click();
          await page.getByRole('heading', { name: 'Your digests have stopped' }).waitFor();
          expect(await scrollsSideways(page)).toBe(false);
          await browser.expectAccessible(page);

          // The link again: nothing left to stop.
          await page.goto(link);
          expect(await heading(page)).toBe('You get no digests');
          await browser.expectAccessible(page);
          await page.getByRole('link', { name: 'choose how often' }).click();
          await page.getByLabel('Email address').fill(email);
          await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
          await page.goto(await server.mailbox!.nextLinkTo(email));
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.waitForURL(/\/account\/reminders$/);
          expect(await page.getByLabel('Never').isChecked()).toBe(true);
        }),
      120_000,
    );

    it("shows an admin sign-ins and refusals in the security log, and ends a person's sessions", async () => {
      const board = server.createAccount('BOARD_MEMBER', 'Bo Ard');
      const boardContext = await browser.newContext({ locale: 'en-GB' });
      try {
        const boardPage = await boardContext.newPage();
        await signIn(boardPage, server, board, '/overview');
        // A refused sign-in: an email no account has.
        const stranger = `nobody.${Date.now()}@example.org`;
        await boardPage.goto(`${server.url}/sign-in`);
        await boardPage.getByLabel('Email address').fill(stranger);
        await boardPage.getByRole('button', { name: 'Email me a sign-in link' }).click();
        await boardPage.getByRole('heading', { name: 'Check your email' }).waitFor();

        await browser.withPage('security log', { javaScriptEnabled: true }, async (page) => {
          await signIn(page, server, admin, '/overview');
          await page.getByRole('link', { name: 'Security log' }).click();
          await page.waitForURL(/\/admin\/security-log$/);
          expect(await heading(page)).toBe('Security log');
          expect(await row(page, '#security-log', stranger).innerText()).toContain(
            'no account has this email',
          );
          await browser.expectAccessible(page);

          await page.getByLabel('Email address').fill(board);
          await page.getByRole('button', { name: 'Show' }).click();
          await page.waitForURL(/\?email=/);
          const signedIn = row(page, '#security-log', 'Signed in');
          expect(await signedIn.innerText()).toContain('Email link');
          expect(await page.locator('#security-log').innerText()).not.toContain(stranger);
          await browser.expectAccessible(page);

          await signedIn.getByRole('button', { name: `End sessions of ${board}` }).click();
          await page.waitForURL(/\?email=/);
          expect(await notice(page)).toContain(`Every session of ${board} has ended`);
          expect(await row(page, '#security-log', 'Sessions ended').innerText()).toContain(
            'ended by Ann Admin',
          );
          await browser.expectAccessible(page);
        });

        await boardPage.goto(`${server.url}/overview`);
        await boardPage.waitForURL(/\/sign-in\?next=%2Foverview$/);
      } finally {
        await boardContext.close();
      }
    }, 120_000);

    it(
      'refuses a board member the security log with a page saying so',
      () =>
        browser.withPage(
          'security log refused',
          { javaScriptEnabled: true, expectedConsole: /status of 403/ },
          async (page) => {
            await signIn(page, server, server.createAccount('BOARD_MEMBER', 'Bea Refused'));
            const answer = await page.goto(`${server.url}/admin/security-log`);
            expect(answer?.status()).toBe(403);
            expect(await heading(page)).toBe('You cannot use this page');
            expect(await text(page, 'main')).toContain('ask an administrator of Reform Tracker');
            await browser.expectAccessible(page);
          },
        ),
      120_000,
    );

    describe('webhooks', () => {
      let receiver: Server;
      let token = '';

      beforeAll(async () => {
        receiver = createServer((request, response) => {
          request.resume().on('end', () => response.writeHead(204).end());
        });
        await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
        token = server.createToken('ADMIN', 'Webhook admin');
      });
      afterAll(() => new Promise((resolve) => receiver.close(resolve)));

      const register = async (url: string, description: string): Promise<string> => {
        const { data, errors } = await server.gql(
          `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } } }`,
          { input: { url, eventTypes: ['RecommendationProposed'], description } },
          token,
        );
        expect(errors).toBeUndefined();
        return data!.registerWebhook.webhook.id as string;
      };
      const deliveries = async (id: string) =>
        (await server.gql(DELIVERIES, { id }, token)).data!.webhookDeliveries.nodes as {
          outcome: string;
          attempts: number;
        }[];

      it(
        'shows an admin the webhooks registered through the API and their delivery logs',
        () =>
          browser.withPage('webhooks', { javaScriptEnabled: true }, async (page) => {
            const { port } = receiver.address() as AddressInfo;
            const answering = await register(`http://127.0.0.1:${port}/hooks`, 'Partner dashboard');
            // Nothing listens on port 9 (discard) here: each attempt is refused.
            const refusing = await register('http://127.0.0.1:9/hooks', 'Retired system');
            const { errors } = await server.gql(
              `mutation($input: ProposeRecommendationInput!) { proposeRecommendation(input: $input) { id } }`,
              {
                input: {
                  id: 'BROWSER-WH-1',
                  title: 'A recommendation for the webhooks',
                  theme: 'Implementation',
                  source: { name: 'End-to-end tests', url: 'https://example.org/source' },
                },
              },
              token,
            );
            expect(errors).toBeUndefined();
            await until(async () => (await deliveries(answering))[0]?.outcome === 'DELIVERED');
            await until(async () => (await deliveries(refusing))[0]?.attempts >= 1);

            await signIn(page, server, admin, '/overview');
            await page.getByRole('link', { name: 'Webhooks' }).click();
            await page.waitForURL(/\/admin\/webhooks$/);
            expect(await heading(page)).toBe('Webhooks');
            expect(await row(page, '#webhooks', 'Partner dashboard').innerText()).toContain(
              'Recommendation proposed',
            );
            await browser.expectAccessible(page);

            await page.getByRole('link', { name: 'Partner dashboard' }).click();
            await page.waitForURL(/\/admin\/webhooks\/[^/]+$/);
            expect(await heading(page)).toBe('Partner dashboard');
            expect(await text(page, '#delivery-count')).toBe('1 delivery, newest first.');
            expect(await row(page, '#deliveries', 'Recommendation proposed').innerText()).toMatch(
              /Delivered\s+1\s+204/,
            );
            await browser.expectAccessible(page);

            await page.getByRole('link', { name: 'All webhooks' }).click();
            await page.getByRole('link', { name: 'Retired system' }).click();
            await page.waitForURL(/\/admin\/webhooks\/[^/]+$/);
            expect(await row(page, '#deliveries', 'Recommendation proposed').innerText()).toMatch(
              /Retrying[^]*Next attempt/,
            );
            await browser.expectAccessible(page);
          }),
        120_000,
      );
    });

    it(
      'fits 320 px: the pages do not scroll sideways, their tables scroll within their regions',
      () =>
        browser.withPage(
          'issue 17 pages at 320 px',
          { javaScriptEnabled: true, width: 320 },
          async (page) => {
            await signIn(page, server, admin, '/account/tokens');
            await page.getByLabel('Name').fill('Narrow screen');
            await page.getByRole('button', { name: 'Create token' }).click();
            await page.getByRole('heading', { name: 'Token created' }).waitFor();
            expect(await scrollsSideways(page)).toBe(false);
            for (const path of ['/account/tokens', '/admin/security-log', '/admin/webhooks']) {
              await page.goto(`${server.url}${path}`);
              expect([path, await scrollsSideways(page)]).toEqual([path, false]);
              await browser.expectAccessible(page);
            }
            await page.locator('#webhooks a').first().click();
            await page.waitForURL(/\/admin\/webhooks\/[^/]+$/);
            expect(await scrollsSideways(page)).toBe(false);
            await browser.expectAccessible(page);
            const officer = server.createAccount('LOCAL_AUTHORITY', 'Nell Narrow', LEWISHAM);
            // At 320 px the sign-out button is in the menu: a new visit instead.
            await page.context().clearCookies();
            await signIn(page, server, officer, '/account/reminders');
            expect(await scrollsSideways(page)).toBe(false);
          },
        ),
      120_000,
    );
  },
);
