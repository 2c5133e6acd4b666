import { parse } from 'csv-parse/sync';
import { texts } from './support/html';
import { SignedInClient, type PageAnswer } from './support/signed-in-client';
import { reportStatusThroughApi } from './support/status-report';
import { alterEventData } from './support/tampering';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const SWIS = 'social-workers-in-schools';
const SWIS_NAME = 'Social Workers in Schools (SWIS) trial';
const OFFICER = 'Priya Officer-of-Lambeth';
const COMMENTARY = 'Recruitment of school social workers is slow';

/** The history table's rows: each entry's position and the texts of its cells. */
const entries = (html: string): { position: number; cells: string[] }[] =>
  [...html.matchAll(/<tr class="govuk-table__row" data-position="(\d+)">([\s\S]*?)<\/tr>/g)].map(
    ([, position, row]) => ({
      position: Number(position),
      cells: texts(row, /<td[^>]*>([\s\S]*?)<\/td>/g),
    }),
  );

const hrefOf = (html: string, pattern: RegExp): string =>
  pattern.exec(html)![1].replace(/&amp;/g, '&');
const nextPage = (html: string) => hrefOf(html, /href="([^"]+)" rel="next"/);
const previousPage = (html: string) => hrefOf(html, /href="([^"]+)" rel="prev"/);
const errorSummary = (html: string): string[] =>
  texts(html, /<li>\s*<a href="#[^"]+">([\s\S]*?)<\/a>/g);

/**
 * The signed-in history over HTTP: who may read it, its filters (and their errors), its pages,
 * its download, and the verification of the audit trail, intact and then altered.
 */
describe('the history pages over HTTP', () => {
  const server = new TrackerServer('site-history');
  let auditor: SignedInClient;
  let auditorToken = '';
  /** Accounts added before the report, so that it stays the newest change. */
  const emails: Record<string, string> = {};
  let reportPosition = 0;

  /** The audit trail's count of a filter, as the API gives it. */
  const countOf = async (filter: Record<string, string>): Promise<number> => {
    const answer = await server.gql(
      `query($filter: AuditFilterInput) { auditTrail(filter: $filter, first: 1) { totalCount } }`,
      { filter },
      auditorToken,
    );
    return answer.data!.auditTrail.totalCount as number;
  };

  beforeAll(async () => {
    await server.start();
    emails.auditor = server.createAccount('AUDITOR', 'Ann Auditor');
    emails.officer = server.createAccount('LOCAL_AUTHORITY', 'Another officer', LAMBETH);
    for (const role of ['BOARD_MEMBER', 'ADMIN'])
      emails[role] = server.createAccount(role, `A ${role}`);
    const officer = server.createToken('LOCAL_AUTHORITY', OFFICER, LAMBETH);
    await reportStatusThroughApi(server, officer, {
      programmeId: SWIS,
      areaCode: LAMBETH,
      commentary: COMMENTARY,
    });
    auditorToken = server.createToken('AUDITOR', 'Ann Auditor');
    auditor = await SignedInClient.signIn(server, emails.auditor);
    // Each token and account is made by the CLI, a process of its own: slow on a busy machine.
  }, 120_000);
  afterAll(() => server.dispose());

  it('sends someone not signed in to sign in first, and back', async () => {
    for (const path of ['/history', '/history/verify', '/history/download?format=csv']) {
      const answer = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      expect([path, answer.status]).toEqual([path, 303]);
      expect(answer.headers.get('location')).toBe(
        `/sign-in?${new URLSearchParams({ next: path }).toString()}`,
      );
    }
  });

  it("refuses a local authority officer every history page, as the API's verification", async () => {
    const officer = await SignedInClient.signIn(server, emails.officer);
    for (const path of ['/history', '/history/verify?verify=yes', '/history/download']) {
      const answer = await officer.get(path);
      expect([path, answer.status]).toEqual([path, 403]);
      expect(answer.text).toContain('You cannot use this page');
      expect(answer.text).not.toContain(COMMENTARY);
    }
  }, 60_000);

  it('lets board members and administrators read it too', async () => {
    for (const role of ['BOARD_MEMBER', 'ADMIN']) {
      const client = await SignedInClient.signIn(server, emails[role]);
      const answer = await client.get('/history');
      expect([role, answer.status]).toEqual([role, 200]);
    }
  }, 60_000);

  it('shows the newest change first: what happened in words, when in UK time, who by name, and why', async () => {
    const answer = await auditor.get('/history');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.text).toContain('<title>History – Reform Tracker</title>');
    const total = await countOf({});
    expect(answer.text).toContain(`${total} events recorded, newest first.`);
    const [first, ...rest] = entries(answer.text);
    reportPosition = first.position;
    expect(first.cells).toEqual([
      String(reportPosition),
      `Lambeth reported its status as amber for ${SWIS_NAME} “${COMMENTARY}”`,
      expect.stringMatching(/^\d{1,2} [A-Z][a-z]+ \d{4}$/),
      expect.stringMatching(
        /^\d{1,2}(:\d{2})?(am|pm) on \d{1,2} [A-Z][a-z]+ \d{4}$|^(midday|midnight) on /,
      ),
      `${OFFICER}, local authority officer, Lambeth`,
      'Quarterly return',
    ]);
    expect(rest).toHaveLength(24);
    expect(rest.every((entry) => entry.position < reportPosition)).toBe(true);
    // Never an ISO date or time, nor an event's code name.
    expect(answer.text).not.toMatch(/\d{4}-\d{2}-\d{2}T|UTC|>StatusReported</);
  });

  it('filters by what happened, pages through it and back, newest first', async () => {
    const total = await countOf({ eventType: 'AreaEnrolled' });
    // At least three pages of 25: a first, a middle and a last, whatever the shipped enrolments.
    expect(total).toBeGreaterThan(50);
    const pageCount = Math.ceil(total / 25);
    const first = await auditor.get('/history?eventType=AreaEnrolled');
    expect(first.text).toContain(`${total} events match your filters, newest first.`);
    expect(first.text).toMatch(
      /<option value="AreaEnrolled" selected>Area enrolled in a programme/,
    );
    expect(first.text).not.toContain('rel="prev"');

    // Forward to the end: every page full but the last, each older than the one before.
    const pages = [first.text];
    while (pages.length < pageCount) pages.push((await auditor.get(nextPage(pages.at(-1)!))).text);
    const shown = pages.map(entries);
    shown.forEach((page, index) => {
      expect([index, page.length]).toEqual([
        index,
        index < pageCount - 1 ? 25 : total - 25 * (pageCount - 1),
      ]);
      expect(page.every((entry) => / enrolled in /.test(entry.cells[1]))).toBe(true);
    });
    const positions = shown.flat().map((entry) => entry.position);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(new Set(positions).size).toBe(total);
    expect(pages.at(-1)).not.toContain('rel="next"');

    // And back again, page by page, to the first, whose link is the filter alone.
    let page = pages.at(-1)!;
    for (let index = pageCount - 2; index >= 0; index--) {
      const link = previousPage(page);
      if (index === 0) expect(link).toBe('/history?eventType=AreaEnrolled');
      page = (await auditor.get(link)).text;
      expect([index, entries(page)]).toEqual([index, shown[index]]);
    }
    expect(page).not.toContain('rel="prev"');
  });

  it('pages oldest first too', async () => {
    const first = await auditor.get('/history?eventType=AreaEnrolled&order=oldest');
    expect(first.text).toContain(
      `${await countOf({ eventType: 'AreaEnrolled' })} events match your filters, oldest first.`,
    );
    const page1 = entries(first.text);
    expect(page1.map((entry) => entry.position)).toEqual(
      [...page1.map((entry) => entry.position)].sort((a, b) => a - b),
    );
    const second = await auditor.get(nextPage(first.text));
    const back = await auditor.get(previousPage(second.text));
    expect(entries(back.text)).toEqual(page1);
  });

  it("downloads the filtered history as CSV, and as JSON lines, through the API's export", async () => {
    const page = await auditor.get(`/history?programmeId=${SWIS}&eventType=AreaEnrolled`);
    const shown = entries(page.text);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((entry) => entry.cells[1].endsWith(`enrolled in ${SWIS_NAME}`))).toBe(true);
    const csvLink = hrefOf(page.text, /href="([^"]+)" id="download-csv"/);
    expect(csvLink).toBe(`/history/download?eventType=AreaEnrolled&programmeId=${SWIS}&format=csv`);
    const csv = await auditor.get(csvLink);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(csv.headers.get('cache-control')).toBe('no-store');
    const rows = parse<Record<string, string>>(csv.text, { bom: true, columns: true });
    expect(rows).toHaveLength(await countOf({ programmeId: SWIS, eventType: 'AreaEnrolled' }));
    expect(rows.length).toBe(shown.length);
    for (const row of rows) {
      expect(row.type).toBe('AreaEnrolled');
      expect(row.streamId.startsWith(`rollout-${SWIS}.`)).toBe(true);
    }
    const jsonl = await auditor.get(hrefOf(page.text, /href="([^"]+)" id="download-jsonl"/));
    expect(jsonl.headers.get('content-type')).toBe('application/x-ndjson');
    const events = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(events).toHaveLength(rows.length);
  });

  it('lists every problem with the filters at once, in the words of the form, and keeps what was typed', async () => {
    const answer: PageAnswer = await auditor.get(
      '/history?eventType=Nonsense&from-day=10&from-month=3&from-year=2026&to-day=9&to-month=3&to-year=2026',
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('<title>Error: History – Reform Tracker</title>');
    expect(errorSummary(answer.text)).toEqual([
      'Select an event type from the list',
      'The to date must be the same as or after 10 March 2026',
    ]);
    expect(answer.text).toMatch(
      /<p id="to-error" class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:<\/span> The to date must be the same as or after 10 March 2026/,
    );
    expect(answer.text).toMatch(/id="from-day" name="from-day" type="text" value="10"/);
    expect(entries(answer.text)).toEqual([]);

    const unreal = await auditor.get('/history?from-day=31&from-month=2&from-year=2026&to-month=4');
    expect(errorSummary(unreal.text)).toEqual([
      'The from date must be a real date',
      'The to date must include a day and year',
    ]);
    // A download of filters with problems goes to the page that shows them.
    const download = await auditor.get('/history/download?from-day=31&from-month=2&format=csv');
    expect(download.status).toBe(303);
    expect(download.location).toBe('/history?from-day=31&from-month=2');
  });

  it('filters by when things were recorded, whole days in UK time', async () => {
    const since = await auditor.get(
      '/history?dates=recorded&from-day=1&from-month=1&from-year=2000',
    );
    expect(since.status).toBe(200);
    expect(since.text).toContain(`${await countOf({})} events match your filters`);
    const before = await auditor.get('/history?dates=recorded&to-day=1&to-month=1&to-year=2000');
    expect(before.text).toContain('0 events match your filters');
    expect(before.text).toContain('No changes match.');
  });

  it('starts again from the first page when a page link is not one of its own', async () => {
    const answer = await auditor.get('/history?eventType=AreaEnrolled&after=not-a-cursor');
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/history?eventType=AreaEnrolled');
  });

  it('verifies the audit trail and says so in words', async () => {
    const form = await auditor.get('/history/verify');
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('id="verify-outcome"');
    const answer = await auditor.get('/history/verify?seals=&verify=yes');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('The audit trail is intact');
    expect(answer.text).toMatch(
      /[\d,]+ events in [\d,]+ histories checked, up to position [\d,]+\./,
    );
  });

  it('refuses seals that are not seals, beside the field', async () => {
    const answer = await auditor.get('/history/verify?seals=not-a-seal&verify=yes');
    expect(answer.status).toBe(400);
    expect(errorSummary(answer.text)).toEqual([
      'The seal on line 1 must be 64 characters long, using only the numbers 0 to 9 and the letters a to f',
    ]);
    expect(answer.text).toContain('>not-a-seal</textarea>');
    expect(answer.text).not.toContain('The audit trail is intact');
  });

  it('shows exactly what is wrong once a stored event is altered behind its back', async () => {
    expect(reportPosition).toBeGreaterThan(0);
    await alterEventData(server, reportPosition, { rag: 'GREEN' });
    const answer = await auditor.get('/history/verify?verify=yes');
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/The audit trail is damaged: \d+ problems? found/);
    const problems = [
      ...answer.text.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g),
    ].map(([, row]) => texts(row, /<td[^>]*>([\s\S]*?)<\/td>/g));
    expect(problems).toContainEqual([
      'An event was changed after it was recorded',
      `Lambeth in ${SWIS_NAME}`,
      expect.stringContaining(`The event at position ${reportPosition.toLocaleString('en-GB')}`),
      expect.any(String),
    ]);
    expect(answer.text).not.toMatch(/>ALTERED</);
  });
});
