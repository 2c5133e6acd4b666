import type { Page } from 'playwright-core';
import { browserSuite, JAVASCRIPT, SiteBrowser } from './site-browser';
import { tableRows, texts } from './support/html';
import { TrackerServer } from './support/tracker-server';

const REVIEW = 'ircsc-final-report-2022';
const REVIEW_TITLE = "The independent review of children's social care: final report";
/** The title as the HTML writes it. */
const REVIEW_TITLE_HTML = REVIEW_TITLE.replace("'", '&#39;');

/**
 * The sources' public pages, over HTTP and in Chromium: the list with its filter by kind, and a
 * source's page with its link, themes and record, as anyone reads them without signing in.
 */
describe('the sources pages', () => {
  const server = new TrackerServer('site-sources');
  let board: string;

  const html = async (path: string): Promise<string> => {
    const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
    expect([path, response.status]).toEqual([path, 200]);
    return response.text();
  };
  const rows = (page: string) => tableRows(page, 'sources');

  beforeAll(async () => {
    await server.start();
    board = server.createToken('BOARD_MEMBER', 'Ada Boardmember');
  }, 60_000);
  afterAll(() => server.dispose());

  describe('over HTTP', () => {
    it('lists every shipped source to anyone, oldest first, by title, kind, publisher and date', async () => {
      const page = await html('/sources');
      expect(texts(page, /<h1[^>]*>([\s\S]*?)<\/h1>/g)).toEqual(['Sources']);
      expect(texts(page, /<p class="govuk-body" id="sources-count">([\s\S]*?)<\/p>/g)).toEqual([
        '11 sources.',
      ]);
      const listed = rows(page);
      expect(listed.map((row) => row[3]).slice(0, 3)).toEqual([
        '13 July 2016',
        '13 July 2016',
        '1 May 2018',
      ]);
      expect(listed).toContainEqual([
        'Social work reform (Third Report of Session 2016-17, HC 201)',
        'Select committee report',
        'House of Commons Education Committee',
        '13 July 2016',
      ]);
      expect(page).toContain(`<a class="govuk-link" href="/sources/${REVIEW}">`);
      // Shown by title and link, never by the data's file names.
      expect(page).not.toMatch(/seed-?\d{3}|sources\.json|seedFile/);
      expect(page).toContain(
        '<a class="govuk-service-navigation__link" href="/sources" aria-current="true">',
      );
    });

    it('filters by kind, and ignores a kind that is not one', async () => {
      const page = await html('/sources?kind=GOVERNMENT_RESPONSE');
      expect(rows(page).map((row) => row[1])).toEqual([
        'Government response',
        'Government response',
      ]);
      expect(page).toContain(
        '<option value="GOVERNMENT_RESPONSE" selected>Government response</option>',
      );
      expect(texts(page, /id="sources-count">([\s\S]*?)<\/p>/g)).toEqual([
        '2 sources match your filter.',
      ]);
      expect(rows(await html('/sources?kind=BLOG'))).toHaveLength(11);
    });

    it("shows a source's details, its link, its themes in order and its record", async () => {
      const page = await html(`/sources/${REVIEW}`);
      expect(texts(page, /<h1[^>]*>([\s\S]*?)<\/h1>/g)).toEqual([REVIEW_TITLE_HTML]);
      expect(texts(page, /<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g)).toEqual([
        'Independent review',
        expect.stringContaining('Independent Review of Children'),
        '23 May 2022',
      ]);
      expect(page).toContain(
        `href="https://gov.uk/government/groups/independent-review-of-childrens-social-care" rel="external">Read ${REVIEW_TITLE_HTML}</a>`,
      );
      const themes = texts(
        page,
        /<ol class="govuk-list govuk-list--number" id="themes">([\s\S]*?)<\/ol>/g,
      );
      expect(themes[0]).toMatch(/^Reset A revolution in Family Help .* Implementation$/);
      expect(texts(page, /<h3 class="govuk-heading-s[^"]*">([\s\S]*?)<\/h3>/g)).toEqual([
        'Added to the register',
      ]);
    });

    it('says when a source has no link or no themes of its own', async () => {
      const page = await html('/sources/cypnow-2019-09-01-workforce-skills');
      expect(page).toContain('No public copy of this source is known.');
      expect(page).toContain('This source has no themes of its own.');
    });

    it("shows a correction in the source's record, by role and never by name", async () => {
      const corrected = await server.gql(
        `mutation($input: CorrectSourceInput!) { correctSource(input: $input) { version } }`,
        {
          input: {
            id: 'ec-2016-social-work-reform',
            themes: [
              'The role of central government',
              'Initial training',
              'Post-qualifying training',
              'Retention',
              'Professional body, regulation and leadership',
              'Structural change and innovation',
              'Conclusions and recommendations',
            ],
            reason: 'The report ends with its conclusions',
          },
        },
        board,
      );
      expect(corrected.errors).toBeUndefined();
      const page = await html('/sources/ec-2016-social-work-reform');
      expect(texts(page, /<h3 class="govuk-heading-s[^"]*">([\s\S]*?)<\/h3>/g)).toEqual([
        'Added to the register',
        'Corrected: themes',
      ]);
      expect(page).toContain('Why: The report ends with its conclusions');
      expect(page).not.toContain('Ada Boardmember');
    });

    it('answers 404 for a source that is not recorded or an id that cannot be one', async () => {
      for (const path of ['/sources/no-such-source', '/sources/Not%20An%20Id']) {
        const response = await fetch(`${server.url}${path}`, { headers: { accept: 'text/html' } });
        expect([path, response.status]).toEqual([path, 404]);
      }
    });

    it('lists the sources in the sitemap', async () => {
      const xml = await (await fetch(`${server.url}/sitemap.xml`)).text();
      expect(xml).toContain(`<loc>${server.url}/sources</loc>`);
      expect(xml).toContain(`<loc>${server.url}/sources/${REVIEW}</loc>`);
    });
  });

  browserSuite('the sources pages in Chromium')('in Chromium', () => {
    let browser: SiteBrowser;
    const heading = (page: Page) => page.locator('h1').innerText();
    beforeAll(async () => {
      browser = await SiteBrowser.launch();
    }, 60_000);
    afterAll(() => browser?.close(), 30_000);

    it.each(JAVASCRIPT)(
      'with JavaScript %s, a member of the public filters the sources and opens one',
      (name, javaScriptEnabled) =>
        browser.withPage(
          `sources journey, JavaScript ${name}`,
          { javaScriptEnabled },
          async (page) => {
            await page.goto(`${server.url}/sources`);
            expect(await heading(page)).toBe('Sources');
            await browser.expectAccessible(page);
            await page.selectOption('#kind', 'INDEPENDENT_REVIEW');
            await page.getByRole('button', { name: 'Apply filter' }).click();
            await page.waitForURL(/kind=INDEPENDENT_REVIEW/);
            expect(await page.locator('tbody tr').count()).toBe(1);
            await browser.expectAccessible(page);
            await page.getByRole('link', { name: REVIEW_TITLE }).click();
            await page.waitForURL(new RegExp(`/sources/${REVIEW}$`));
            expect(await heading(page)).toBe(REVIEW_TITLE);
            expect(await page.locator('#themes li').count()).toBe(9);
            await browser.expectAccessible(page);
          },
        ),
      90_000,
    );
  });
});
