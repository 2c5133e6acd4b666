import type { Page } from 'playwright-core';
import { browserSuite, JAVASCRIPT, scrollsSideways, SiteBrowser, signIn } from './site-browser';
import { mainText, SignedInClient } from './support/signed-in-client';
import { TrackerServer } from './support/tracker-server';

const ONE = `query ($id: ID!) { source(id: $id) {
  kind title publisher publishedOn url themes history { type reason data } } }`;
const REVIEW = 'ircsc-final-report-2022';

/** The error summary's items, in order: link and words. */
const summary = (html: string): string[] =>
  [...html.matchAll(/<li>\s*<a href="(#[\w-]+)">([^<]*)<\/a>/g)].map(
    ([, href, text]) =>
      `${href} ${text
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .trim()}`,
  );
const commandIdOf = (html: string): string => /name="commandId" value="([^"]+)"/.exec(html)![1];

const INQUIRY = {
  id: 'care-inquiry-2025',
  kind: 'INQUIRY',
  title: 'An inquiry into children in care',
  publisher: 'House of Commons Education Committee',
  'publishedOn-day': '4',
  'publishedOn-month': '3',
  'publishedOn-year': '2025',
  url: 'https://committees.parliament.uk/work/1234/',
  themes: 'Placements\r\nWorkforce\r\n',
  reason: 'Published this week',
};

// Each account is made by the tracker CLI, which opens the store: slow on a busy machine.
jest.setTimeout(120_000);

/**
 * Board members and admins add and correct sources in the pages, as the API's mutations do:
 * every missing answer at once, the decider's refusals beside their fields and nothing
 * written, a double submit writing once, a theme never removed; others are refused.
 */
describe('adding and correcting sources in the pages', () => {
  const server = new TrackerServer('site-source-forms');
  let board: SignedInClient;
  let auditorToken: string;
  const source = async (id: string) =>
    (await server.gql(ONE, { id }, auditorToken)).data?.source as
      | { themes: string[]; url: string | null; history: { type: string; reason: string }[] }
      | undefined;
  const head = async () => (await server.healthDetail()).body.store.headPosition;

  beforeAll(async () => {
    await server.start();
    board = await SignedInClient.signIn(server, server.createAccount('BOARD_MEMBER', 'Bo Board'));
    auditorToken = server.createToken('AUDITOR', 'Ed Auditor');
  }, 120_000);
  afterAll(() => server.dispose());

  describe('over HTTP', () => {
    it('links the forms from the public pages, saying who may use them', async () => {
      const list = await (await fetch(`${server.url}/sources`)).text();
      expect(mainText(list)).toContain('Board members and administrators can add a source');
      expect(list).toContain('href="/sources/new"');
      const page = await (await fetch(`${server.url}/sources/${REVIEW}`)).text();
      expect(page).toContain(`href="/sources/${REVIEW}/correct"`);
    });

    it('adds a source after its mistakes are put right, once though sent twice', async () => {
      const form = await board.get('/sources/new');
      expect(form.status).toBe(200);
      expect(mainText(form.text)).toContain('Add a source');
      expect(mainText(form.text)).toContain('Select committee report');
      const commandId = commandIdOf(form.text);
      const before = await head();

      const empty = await board.postForm('/sources/new', { commandId, title: ' ' });
      expect(empty.status).toBe(400);
      expect(summary(empty.text)).toEqual([
        '#id Enter a short name for the source’s web address',
        '#kind Select the kind of source',
        '#title Enter the title of the source',
        '#publisher Enter who published the source',
        '#publishedOn-day Enter the date it was published',
      ]);
      const refusedBy = async (fields: Record<string, string>) => {
        const answer = await board.postForm('/sources/new', { ...INQUIRY, commandId, ...fields });
        expect(answer.status).toBe(400);
        return summary(answer.text);
      };
      expect(await refusedBy({ id: 'Care Inquiry' })).toEqual([
        '#id The short name must be lower-case letters and digits joined by hyphens, such as ircsc-final-report-2022, and 100 characters or fewer',
      ]);
      expect(await refusedBy({ url: 'committees.parliament.uk' })).toEqual([
        '#url Enter the link as a whole web address starting https:// (or http://), such as https://www.gov.uk/government/publications/example',
      ]);
      expect(await refusedBy({ themes: 'Placements\nPlacements' })).toEqual([
        '#themes Give each theme once: "Placements" is there more than once',
      ]);
      expect(await refusedBy({ 'publishedOn-year': '2999' })).toEqual([
        '#publishedOn-day The date it was published must be today or in the past',
      ]);
      expect(await refusedBy({ id: REVIEW })).toEqual([
        '#id A source with this short name already exists: choose another',
      ]);
      const kept = await board.postForm('/sources/new', { ...INQUIRY, commandId, url: 'x' });
      expect(kept.text).toContain('value="An inquiry into children in care"');
      expect(kept.text).toContain('value="INQUIRY" checked');
      expect(kept.text).toContain('Placements\r\nWorkforce');
      expect(await head()).toBe(before);

      const added = await board.postForm('/sources/new', { ...INQUIRY, commandId });
      expect([added.status, added.location]).toEqual([303, '/sources/care-inquiry-2025/recorded']);
      // Sent twice (a double click), it adds the source once.
      const again = await board.postForm('/sources/new', { ...INQUIRY, commandId });
      expect([again.status, again.location]).toEqual([303, added.location]);
      const recorded = await board.get(added.location!);
      expect(mainText(recorded.text)).toContain('Source added: An inquiry into children in care');
      expect(mainText(recorded.text)).toContain('4 March 2025');
      expect(await source('care-inquiry-2025')).toMatchObject({
        kind: 'INQUIRY',
        publishedOn: '2025-03-04',
        url: INQUIRY.url,
        themes: ['Placements', 'Workforce'],
        history: [{ type: 'SourceAdded', reason: 'Published this week' }],
      });
      // Public at once.
      const page = await (await fetch(`${server.url}/sources/care-inquiry-2025`)).text();
      expect(mainText(page)).toContain('An inquiry into children in care');
    });

    it('corrects a source: adds a theme, clears the link, never removes a theme', async () => {
      const path = '/sources/care-inquiry-2025/correct';
      const form = await board.get(path);
      expect(form.status).toBe(200);
      expect(form.text).toContain('value="An inquiry into children in care"');
      expect(form.text).toMatch(/name="publishedOn-day" type="text" value="4"/);
      expect(form.text).toContain('Placements\nWorkforce');
      expect(form.text).not.toContain('name="id"');
      const commandId = commandIdOf(form.text);
      const fields = { ...INQUIRY, commandId, url: '', themes: 'Placements\nWorkforce\nKinship' };
      const before = await head();

      const noReason = await board.postForm(path, { ...fields, reason: '' });
      expect(summary(noReason.text)).toEqual(['#reason Enter why you are correcting the source']);
      const removing = await board.postForm(path, { ...fields, themes: 'Workforce\nKinship' });
      expect(removing.status).toBe(400);
      expect(summary(removing.text)).toEqual([
        '#themes Keep every theme the source has, since recommendations may be filed under them. Add themes or change their order, but do not remove or rename one. Missing: "Placements"',
      ]);
      const unchanged = await board.postForm(path, { ...INQUIRY, commandId });
      expect(summary(unchanged.text)).toEqual([
        '#kind Nothing to correct: the source already has these details. Change an answer, or cancel',
      ]);
      expect(await head()).toBe(before);

      const corrected = await board.postForm(path, { ...fields, reason: 'A theme was missed' });
      expect([corrected.status, corrected.location]).toEqual([
        303,
        '/sources/care-inquiry-2025/recorded',
      ]);
      const again = await board.postForm(path, { ...fields, reason: 'A theme was missed' });
      expect(again.status).toBe(303);
      expect(mainText((await board.get(corrected.location!)).text)).toContain(
        'Source corrected: An inquiry into children in care',
      );
      const now = await source('care-inquiry-2025');
      expect(now).toMatchObject({ url: null, themes: ['Placements', 'Workforce', 'Kinship'] });
      expect(now!.history.map((entry) => [entry.type, entry.reason])).toEqual([
        ['SourceAdded', 'Published this week'],
        ['SourceCorrected', 'A theme was missed'],
      ]);
      expect((await board.get('/sources/no-such-source/correct')).status).toBe(404);
    });

    it('lets only board members and admins in, and only with the form’s CSRF token', async () => {
      const signedOut = await fetch(`${server.url}/sources/new`, { redirect: 'manual' });
      expect(signedOut.status).toBe(303);
      expect(signedOut.headers.get('location')).toBe('/sign-in?next=%2Fsources%2Fnew');
      const auditor = await SignedInClient.signIn(
        server,
        server.createAccount('AUDITOR', 'Aud Itor'),
      );
      expect((await auditor.get('/sources/new')).status).toBe(403);
      expect((await auditor.get(`/sources/${REVIEW}/correct`)).status).toBe(403);
      const admin = await SignedInClient.signIn(server, server.createAccount('ADMIN', 'Ann Admin'));
      // Signing in is recorded too: count from here.
      const before = await head();
      const asAuditor = await auditor.postForm('/sources/new', {
        ...INQUIRY,
        id: 'not-allowed',
        commandId: 'site:auditor',
      });
      expect(asAuditor.status).toBe(403);
      expect((await admin.get('/sources/new')).status).toBe(200);
      const forged = await admin.postForm(
        '/sources/new',
        { ...INQUIRY, id: 'forged', commandId: 'site:forged' },
        { csrf: 'not-this-session' },
      );
      expect(forged.status).toBe(403);
      expect(await head()).toBe(before);
      expect(await source('not-allowed')).toBeUndefined();
    });
  });

  browserSuite('the source forms in Chromium')('in Chromium', () => {
    let browser: SiteBrowser;
    let admin: string;
    const heading = (page: Page) => page.locator('h1').innerText();

    beforeAll(async () => {
      admin = server.createAccount('ADMIN', 'Ada Admin');
      browser = await SiteBrowser.launch();
    }, 90_000);
    afterAll(() => browser?.close(), 30_000);

    it.each(JAVASCRIPT)(
      'an admin adds a source after putting its mistakes right, then corrects it, JavaScript %s',
      (name, javaScriptEnabled) =>
        browser.withPage(
          `add and correct a source, JavaScript ${name}`,
          // A form sent with problems is answered 400, which Chromium logs.
          { javaScriptEnabled, expectedConsole: /status of 400/ },
          async (page) => {
            const id = `js-${name}-report`;
            await signIn(page, server, admin, '/sources/new');
            expect(await heading(page)).toBe('Add a source');
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByLabel('Short name').fill(id);
            await page.getByLabel('Title').fill(`A report, JavaScript ${name}`);
            await page.getByRole('button', { name: 'Add source' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.title()).toMatch(/^Error: Add a source/);
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual([
              'Select the kind of source',
              'Enter who published the source',
              'Enter the date it was published',
            ]);
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByLabel('Government strategy').check();
            await page.getByLabel('Published by').fill('Department for Education');
            await page.getByLabel('Day').fill('2');
            await page.getByLabel('Month').fill('2');
            await page.getByLabel('Year').fill('2023');
            await page.getByLabel('Themes (optional)').fill('Family help\nWorkforce');
            await page.getByRole('button', { name: 'Add source' }).click();
            await page.waitForURL(new RegExp(`/sources/${id}/recorded$`));
            expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
              `Source added: A report, JavaScript ${name}`,
            );
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByRole('link', { name: 'Correct this source' }).click();
            await page.waitForURL(/\/correct$/);
            expect(await heading(page)).toBe('Correct this source');
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);
            await page.getByLabel('Themes (optional)').fill('Workforce');
            await page.getByLabel('Why are you correcting it?').fill('Checking the rule');
            await page.getByRole('button', { name: 'Correct source' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.locator('.govuk-error-summary__list li').innerText()).toMatch(
              /^Keep every theme the source has/,
            );
            await browser.expectAccessible(page);
            await page.getByLabel('Themes (optional)').fill('Family help\nWorkforce\nCare');
            await page.getByRole('button', { name: 'Correct source' }).click();
            await page.waitForURL(new RegExp(`/sources/${id}/recorded$`));
            expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
              `Source corrected: A report, JavaScript ${name}`,
            );
          },
        ),
      // Six pages scanned by axe, on a busy machine.
      180_000,
    );
  });
});
