import type { Page } from 'playwright-core';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { browserSuite, JAVASCRIPT, scrollsSideways, SiteBrowser, signIn } from './site-browser';
import { tableRows } from './support/html';
import { mainText, SignedInClient } from './support/signed-in-client';
import { TrackerServer } from './support/tracker-server';

const SOURCES_CSV = [
  'id,kind,title,publisher,publishedOn,url,themes',
  'kinship-inquiry-2025,inquiry,An inquiry into kinship care,House of Commons Education Committee,2025-03-04,https://committees.parliament.uk/work/1234/,Kinship;Workforce',
].join('\n');
const RECOMMENDATIONS_CSV = [
  'id,sourceId,theme,title,proposedOn',
  'KIN-1,kinship-inquiry-2025,Kinship,Pay kinship carers an allowance,2025-03-04',
  'KIN-2,kinship-inquiry-2025,Workforce,Train social workers in kinship assessments,2025-03-04',
].join('\n');
const SOURCE = `query ($id: ID!) { source(id: $id) { title themes } }`;
const RECOMMENDATION = `query ($id: ID!) { recommendation(id: $id) { id title } }`;

const uploadIdsOf = (html: string): string[] =>
  [...html.matchAll(/name="upload" value="([0-9a-f]+)"/g)].map(([, id]) => id);

// Each account is made by the tracker CLI, which opens the store: slow on a busy machine.
jest.setTimeout(120_000);

/**
 * The board imports sources and recommendations from files in the pages, as RegisterImport
 * takes them: always a dry run first listing every row and every problem (file, line,
 * column), then the same kept files imported together, all or nothing; only board members
 * and admins, and only with the form's CSRF token.
 */
describe('the register import pages', () => {
  const server = new TrackerServer('site-register-import');
  let board: SignedInClient;
  let auditorToken: string;
  const head = async () => (await server.healthDetail()).body.store.headPosition;
  const upload = (client: SignedInClient, files: [name: string, text: string][]) => {
    const form = new FormData();
    form.append('_csrf', client.csrfToken ?? '');
    for (const [name, text] of files) form.append('file', new Blob([text]), name);
    return client.postMultipart('/register/import', form);
  };

  beforeAll(async () => {
    await server.start();
    board = await SignedInClient.signIn(server, server.createAccount('BOARD_MEMBER', 'Bo Board'));
    auditorToken = server.createToken('AUDITOR', 'Ed Auditor');
  }, 120_000);
  afterAll(() => server.dispose());

  describe('over HTTP', () => {
    it('is linked from the register and offers the three templates', async () => {
      const register = await (await fetch(`${server.url}/register`)).text();
      expect(register).toContain('href="/register/import"');
      const form = await board.get('/register/import');
      expect(form.status).toBe(200);
      expect(mainText(form.text)).toContain('Import sources and recommendations');
      for (const template of ['sources.csv', 'recommendations.csv', 'register.json']) {
        const href = `/imports/register/templates/${template}`;
        expect(form.text).toContain(`href="${href}"`);
        expect([template, (await fetch(`${server.url}${href}`)).status]).toEqual([template, 200]);
      }
    });

    it('lists every problem with its file, line and column, and records nothing', async () => {
      await board.get('/register/import');
      const before = await head();
      const none = await upload(board, [['', '']]);
      expect(none.status).toBe(400);
      expect(mainText(none.text)).toContain('Select a CSV or JSON file');
      await board.get('/register/import');
      const sheet = await upload(board, [['register.xlsx', 'x']]);
      expect(mainText(sheet.text)).toContain(
        'The selected file register.xlsx must be a CSV or JSON file',
      );

      await board.get('/register/import');
      const bad = await upload(board, [
        ['sources.csv', SOURCES_CSV.replace('2025-03-04', '2025-02-30')],
        ['recommendations.csv', RECOMMENDATIONS_CSV],
      ]);
      expect(bad.status).toBe(200);
      expect(mainText(bad.text)).toContain('Check your files');
      const problems = tableRows(bad.text, 'import-problems');
      expect(problems.length).toBeGreaterThan(0);
      expect(problems[0].slice(0, 3)).toEqual([
        'sources.csv',
        expect.stringMatching(/^Line 2, column \d+ \(row 1\)$/),
        'publishedOn',
      ]);
      expect(bad.text).not.toContain('id="import-confirm"');
      expect(uploadIdsOf(bad.text)).toEqual([]);
      expect(await head()).toBe(before);
    });

    it('imports the kept files once, after a dry run that recorded nothing', async () => {
      await board.get('/register/import');
      const before = await head();
      const checked = await upload(board, [
        ['sources.csv', SOURCES_CSV],
        ['recommendations.csv', RECOMMENDATIONS_CSV],
      ]);
      expect(checked.status).toBe(200);
      expect(tableRows(checked.text, 'import-files')).toEqual([
        ['sources.csv', 'Sources', '1'],
        ['recommendations.csv', 'Recommendations', '2'],
      ]);
      const rows = tableRows(checked.text, 'import-rows');
      expect(rows.map((row) => [row[0], row[2], row[3], row[5]])).toEqual([
        ['sources.csv', 'Source', 'kinship-inquiry-2025', 'To be recorded'],
        ['recommendations.csv', 'Recommendation', 'KIN-1', 'To be recorded'],
        ['recommendations.csv', 'Recommendation', 'KIN-2', 'To be recorded'],
      ]);
      expect(mainText(checked.text)).toContain('Import 3 records');
      expect(await head()).toBe(before);

      const ids = uploadIdsOf(checked.text);
      expect(ids).toHaveLength(2);
      const imported = await board.postForm('/register/import/import', { upload: ids });
      expect([imported.status, imported.location]).toEqual([303, '/register/import']);
      expect(mainText((await board.get('/register/import')).text)).toContain(
        '3 records imported from sources.csv and recommendations.csv',
      );
      expect((await server.gql(SOURCE, { id: 'kinship-inquiry-2025' }, auditorToken)).data).toEqual(
        {
          source: { title: 'An inquiry into kinship care', themes: ['Kinship', 'Workforce'] },
        },
      );
      expect(
        (await server.gql(RECOMMENDATION, { id: 'KIN-2' }, auditorToken)).data?.recommendation,
      ).toEqual({ id: 'KIN-2', title: 'Train social workers in kinship assessments' });

      // Sent again (a double click), the files are no longer kept: nothing more is written.
      const after = await head();
      const again = await board.postForm('/register/import/import', { upload: ids });
      expect(again.status).toBe(400);
      expect(mainText(again.text)).toContain('The file you checked is no longer kept');
      // The same files again: every row unchanged, nothing to import.
      await board.get('/register/import');
      const same = await upload(board, [
        ['sources.csv', SOURCES_CSV],
        ['recommendations.csv', RECOMMENDATIONS_CSV],
      ]);
      expect(mainText(same.text)).toContain('The register already has everything in the files');
      expect(await head()).toBe(after);
    });

    it('lets only board members and admins in, and only with the form’s CSRF token', async () => {
      const signedOut = await fetch(`${server.url}/register/import`, { redirect: 'manual' });
      expect(signedOut.headers.get('location')).toBe('/sign-in?next=%2Fregister%2Fimport');
      const officer = await SignedInClient.signIn(
        server,
        server.createAccount('LOCAL_AUTHORITY', 'Lou Lambeth', 'E09000022'),
      );
      expect((await officer.get('/register/import')).status).toBe(403);
      const admin = await SignedInClient.signIn(server, server.createAccount('ADMIN', 'Ann Admin'));
      expect((await admin.get('/register/import')).status).toBe(200);
      const before = await head();
      const asOfficer = await upload(officer, [['sources.csv', SOURCES_CSV]]);
      expect(asOfficer.status).toBe(403);
      const forged = new FormData();
      forged.append('_csrf', 'not-this-session');
      forged.append('file', new Blob([SOURCES_CSV]), 'sources.csv');
      // Refused before its file is read, the answer closes the connection: a client still
      // sending the file may see that instead of the 403.
      const refused = await admin.postMultipart('/register/import', forged).then(
        (answer) => answer.status,
        () => 'connection closed',
      );
      expect([403, 'connection closed']).toContain(refused);
      expect((await admin.postForm('/register/import/import', { upload: 'f00d' })).status).toBe(
        400,
      );
      expect(await head()).toBe(before);
    });
  });

  browserSuite('the register import in Chromium')('in Chromium', () => {
    let browser: SiteBrowser;
    let admin: string;
    const heading = (page: Page) => page.locator('h1').innerText();

    beforeAll(async () => {
      admin = server.createAccount('ADMIN', 'Ada Admin');
      browser = await SiteBrowser.launch();
    }, 90_000);
    afterAll(() => browser?.close(), 30_000);

    it.each(JAVASCRIPT)(
      'an admin checks files, sees their problems, then imports corrected ones, JavaScript %s',
      (name, javaScriptEnabled) =>
        browser.withPage(
          `import the register, JavaScript ${name}`,
          { javaScriptEnabled, expectedConsole: /status of 400/ },
          async (page) => {
            const sourceId = `js-${name}-inquiry`;
            const sources = SOURCES_CSV.replace('kinship-inquiry-2025', sourceId);
            const bad = join(server.dataDir, `bad-${name}.csv`);
            const good = join(server.dataDir, `sources-${name}.csv`);
            writeFileSync(bad, sources.replace('inquiry,', 'blog post,'));
            writeFileSync(good, sources);

            await signIn(page, server, admin, '/register/import');
            expect(await heading(page)).toBe('Import sources and recommendations');
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByRole('button', { name: 'Check the files' }).click();
            await page.waitForSelector('.govuk-error-summary');
            expect(await page.locator('.govuk-error-summary__list li').allInnerTexts()).toEqual([
              'Select a CSV or JSON file',
            ]);
            await browser.expectAccessible(page);

            await page.setInputFiles('#file', bad);
            await page.getByRole('button', { name: 'Check the files' }).click();
            await page.waitForSelector('#import-problems');
            expect(await heading(page)).toBe('Check your files');
            await browser.expectAccessible(page);
            expect(await scrollsSideways(page)).toBe(false);

            await page.getByRole('link', { name: 'Upload corrected files' }).click();
            await page.setInputFiles('#file', good);
            await page.getByRole('button', { name: 'Check the files' }).click();
            await page.waitForSelector('#import-confirm');
            await browser.expectAccessible(page);
            await page.getByRole('button', { name: 'Import 1 record' }).click();
            await page.waitForURL(/\/register\/import$/);
            expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
              `1 record imported from sources-${name}.csv`,
            );
            await browser.expectAccessible(page);
          },
        ),
      180_000,
    );
  });
});
