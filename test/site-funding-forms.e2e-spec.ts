import { tableRows, texts } from './support/html';
import { SignedInClient } from './support/signed-in-client';
import { TrackerServer } from './support/tracker-server';

const LAMBETH = 'E09000022';
const CUMBRIA = 'E10000006';
const SWIS = 'social-workers-in-schools';
const SOURCE = 'https://www.gov.uk/government/publications/example-grant-determination';
const FY_2024 = '2024-04-01/2025-03-31';
const ALLOCATION = `${LAMBETH}-2024-04-01-to-2025-03-31`;
const ALLOCATION_PATH = `/funding/allocations/${SWIS}/${ALLOCATION}`;
const AREA_PAGE = `/overview/programmes/${SWIS}/areas/${LAMBETH}`;

/** The error summary's items, in order: where each links and what it says. */
const summary = (html: string): string[] =>
  [...html.matchAll(/<li>\s*<a href="(#[\w-]+)">([^<]*)<\/a>/g)].map(
    ([, href, text]) => `${href} ${text.replace(/&#39;/g, "'").trim()}`,
  );
const commandIdOf = (html: string): string => /name="commandId" value="([^"]+)"/.exec(html)![1];
/** London's total on /funding in pence (none before any grant is recorded). */
const londonPence = (html: string): number => {
  if (!html.includes('id="funding-by-region"')) return 0;
  const total = tableRows(html, 'funding-by-region').find(([region]) => region === 'London')!;
  return Math.round(Number(total.at(-1)!.replace(/[£,]/g, '')) * 100);
};

/**
 * Board members record, correct and withdraw grant allocations in the pages, as the API's
 * mutations do: checked before recording, mistakes beside their fields, each refusal writing
 * nothing, a double submit writing once, and the region's total moving to the penny. Only those
 * who may record grants get the forms.
 */
describe('the board’s grant allocation pages', () => {
  const server = new TrackerServer('site-funding-forms');
  let board: SignedInClient;
  const head = async (): Promise<number> => (await server.healthDetail()).body.store.headPosition!;
  const funding = async () => (await fetch(`${server.url}/funding`)).text();

  const answers = (commandId: string, overrides: Record<string, string> = {}) => ({
    commandId,
    areaCode: LAMBETH,
    programmeId: SWIS,
    amount: '1,250,000.25',
    period: FY_2024,
    'allocatedOn-day': '15',
    'allocatedOn-month': '3',
    'allocatedOn-year': '2024',
    sourceUrl: SOURCE,
    fundingSource: 'Department for Education',
    grantName: 'SWIS grant',
    reason: 'From the 2024 determination',
    ...overrides,
  });

  beforeAll(async () => {
    await server.start();
    board = await SignedInClient.signIn(server, server.createAccount('BOARD_MEMBER', 'Bo Board'));
  }, 60_000);
  afterAll(() => server.dispose());

  it('records an allocation after its answers are checked, once however often it is sent', async () => {
    expect(await funding()).toContain('href="/funding/allocations/new"');
    const before = londonPence(await funding());
    const form = await board.get(
      `/funding/allocations/new?areaCode=${LAMBETH}&programmeId=${SWIS}`,
    );
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<option value="${LAMBETH}" selected>Lambeth</option>`);
    expect(form.text).toMatch(new RegExp(`value="${SWIS}" checked`));
    expect(form.text).toContain('<optgroup label="London">');
    expect(form.text).toContain('class="govuk-input__prefix" aria-hidden="true">£</div>');
    const commandId = commandIdOf(form.text);

    const start = await head();
    const wrong = await board.postForm(
      '/funding/allocations/new',
      answers(commandId, { amount: '12.345', sourceUrl: 'www.gov.uk/determination' }),
    );
    expect(wrong.status).toBe(400);
    expect(summary(wrong.text)).toEqual([
      '#amount The amount must not have more than 2 decimal places, like 1250000.50',
    ]);
    expect(wrong.text).toContain('value="12.345"');
    const badUrl = await board.postForm(
      '/funding/allocations/new',
      answers(commandId, { sourceUrl: 'www.gov.uk/determination' }),
    );
    expect(summary(badUrl.text)).toEqual([
      '#sourceUrl The address of the published allocation must be a whole web address, starting https://',
    ]);
    for (const amount of ['0', '-10']) {
      const refused = await board.postForm(
        '/funding/allocations/new',
        answers(commandId, { amount }),
      );
      expect(summary(refused.text)).toEqual(['#amount The amount must be more than £0']);
    }

    const check = await board.postForm('/funding/allocations/new', answers(commandId));
    expect(check.status).toBe(200);
    expect(texts(check.text, /<h1[^>]*>([\s\S]*?)<\/h1>/g)).toEqual([
      'Check your answers before recording the grant allocation',
    ]);
    expect(check.text).toContain('£1,250,000.25');
    expect(check.text).toContain('2024 to 2025');
    // Checking writes nothing; nor did any refusal.
    expect(await head()).toBe(start);

    const changing = await board.postForm('/funding/allocations/new', {
      ...answers(commandId),
      action: 'change',
    });
    expect(changing.status).toBe(200);
    expect(changing.text).toContain('value="1,250,000.25"');

    const recorded = await board.postForm('/funding/allocations/new', {
      ...answers(commandId),
      action: 'record',
    });
    expect([recorded.status, recorded.location]).toEqual([303, `${AREA_PAGE}#funding`]);
    const written = await head();
    expect(written).toBe(start + 1);
    // Sent twice (a double click), it records once.
    const again = await board.postForm('/funding/allocations/new', {
      ...answers(commandId),
      action: 'record',
    });
    expect([again.status, again.location]).toEqual([303, `${AREA_PAGE}#funding`]);
    expect(await head()).toBe(written);

    const area = await board.get(AREA_PAGE);
    expect(area.text).toContain(
      'Grant allocation recorded: £1,250,000.25 to Lambeth for 2024 to 2025',
    );
    expect(area.text).toContain(`href="${ALLOCATION_PATH}/correct"`);
    expect(area.text).toContain(`href="${ALLOCATION_PATH}/withdraw"`);
    expect(area.text).toContain(
      `href="/funding/allocations/new?areaCode=${LAMBETH}&amp;programmeId=${SWIS}"`,
    );
    // The public page has no forms.
    const publicArea = await (
      await fetch(`${server.url}/programmes/${SWIS}/areas/${LAMBETH}`)
    ).text();
    expect(publicArea).toContain('£1,250,000.25');
    expect(publicArea).not.toContain('/withdraw"');

    const after = londonPence(await funding());
    expect(after - before).toBe(125_000_025);
  });

  it('refuses a second allocation for the period and a former area, writing nothing', async () => {
    const start = await head();
    const form = await board.get('/funding/allocations/new');
    const duplicate = await board.postForm('/funding/allocations/new', {
      ...answers(commandIdOf(form.text), { amount: '5' }),
      action: 'record',
    });
    expect(duplicate.status).toBe(400);
    expect(summary(duplicate.text)).toEqual([
      '#period Lambeth already has a grant from this programme for this period: correct that allocation instead',
    ]);
    const former = await board.postForm('/funding/allocations/new', {
      ...answers(commandIdOf(form.text), { areaCode: CUMBRIA, period: '2023-04-01/2024-03-31' }),
      action: 'record',
    });
    expect(former.status).toBe(400);
    expect(summary(former.text)).toEqual([
      '#areaCode Cumbria was replaced on 2023-04-01 by Cumberland (E06000063) and Westmorland and Furness (E06000064); a period reaching past that is allocated to the successors',
    ]);
    expect(await head()).toBe(start);
  });

  it('corrects an allocation with a reason, the region’s total moving by the difference', async () => {
    const before = londonPence(await funding());
    const form = await board.get(`${ALLOCATION_PATH}/correct`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="1250000.25"');
    const commandId = commandIdOf(form.text);
    const start = await head();
    const fields = answers(commandId, { amount: '1,000,000', reason: '' });
    const noReason = await board.postForm(`${ALLOCATION_PATH}/correct`, fields);
    expect(summary(noReason.text)).toEqual(['#reason Enter why you are correcting the allocation']);
    const unchanged = await board.postForm(
      `${ALLOCATION_PATH}/correct`,
      answers(commandId, { amount: '1250000.25', reason: 'No change' }),
    );
    expect(summary(unchanged.text)).toEqual([
      '#amount Change at least one detail to correct the allocation',
    ]);
    expect(await head()).toBe(start);

    const corrected = await board.postForm(`${ALLOCATION_PATH}/correct`, {
      ...fields,
      reason: 'The determination was revised',
    });
    expect([corrected.status, corrected.location]).toEqual([303, `${AREA_PAGE}#funding`]);
    expect(await head()).toBe(start + 1);
    expect((await board.get(AREA_PAGE)).text).toContain(
      'Grant allocation corrected: Lambeth, now £1,000,000.00',
    );
    const after = londonPence(await funding());
    expect(before - after).toBe(25_000_025);
  });

  it('lets only those who record grants in, and only with the form’s CSRF token', async () => {
    const signedOut = await fetch(`${server.url}/funding/allocations/new`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(
      `/sign-in?next=${encodeURIComponent('/funding/allocations/new')}`,
    );
    const auditor = await SignedInClient.signIn(
      server,
      server.createAccount('AUDITOR', 'Ed Auditor'),
    );
    // Signing in is recorded; what follows writes nothing.
    const start = await head();
    expect((await auditor.get('/funding/allocations/new')).status).toBe(403);
    expect((await auditor.get(`${ALLOCATION_PATH}/withdraw`)).status).toBe(403);
    const asAuditor = await auditor.postForm('/funding/allocations/new', {
      ...answers('site:auditor', { period: '2025-04-01/2026-03-31' }),
      action: 'record',
    });
    expect(asAuditor.status).toBe(403);
    // An auditor reads an area's page without the forms' links.
    const area = await auditor.get(AREA_PAGE);
    expect(area.status).toBe(200);
    expect(area.text).not.toContain(`${ALLOCATION_PATH}/withdraw`);
    const forged = await board.postForm(
      `${ALLOCATION_PATH}/withdraw`,
      { commandId: 'site:forged', reason: 'Forged' },
      { csrf: 'not-this-session' },
    );
    expect(forged.status).toBe(403);
    expect(await head()).toBe(start);
  });

  it('withdraws an allocation once confirmed with a reason; the region’s total drops by it', async () => {
    const before = londonPence(await funding());
    const confirm = await board.get(`${ALLOCATION_PATH}/withdraw`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Are you sure you want to withdraw the allocation to Lambeth?');
    const commandId = commandIdOf(confirm.text);
    const start = await head();
    const noReason = await board.postForm(`${ALLOCATION_PATH}/withdraw`, { commandId });
    expect(summary(noReason.text)).toEqual([
      '#reason Enter why you are withdrawing the allocation',
    ]);
    expect(await head()).toBe(start);
    const fields = { commandId, reason: 'Recorded against the wrong programme' };
    const withdrawn = await board.postForm(`${ALLOCATION_PATH}/withdraw`, fields);
    expect([withdrawn.status, withdrawn.location]).toEqual([303, `${AREA_PAGE}#funding`]);
    // Sent twice, it withdraws once.
    const again = await board.postForm(`${ALLOCATION_PATH}/withdraw`, fields);
    expect([again.status, again.location]).toEqual([303, `${AREA_PAGE}#funding`]);
    expect(await head()).toBe(start + 1);
    expect((await board.get(AREA_PAGE)).text).toContain(
      'Grant allocation withdrawn: £1,000,000.00 to Lambeth',
    );
    expect((await board.get(`${ALLOCATION_PATH}/correct`)).status).toBe(404);
    const after = londonPence(await funding());
    expect(before - after).toBe(100_000_000);
  });
});
