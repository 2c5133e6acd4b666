import { SignedInClient } from './support/signed-in-client';
import { TrackerServer } from './support/tracker-server';

const SWIS = 'social-workers-in-schools';
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const AREA = `/report/${SWIS}/${LAMBETH}`;

/** A date input's fields, as the form posts them. */
const date = (name: string, iso: string): Record<string, string> => {
  const [year, month, day] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  };
};

/**
 * A local authority officer's pages over HTTP: who may use them, CSRF refusals that write
 * nothing, the forms' problems and the API's refusals in the form's words, post-redirect-get,
 * and the CSV upload's dry run then import. The store's head says whether anything was written.
 */
describe("the local authority officer's report pages", () => {
  const server = new TrackerServer('site-report');
  let officer: SignedInClient;
  let boardEmail: string;

  const head = async (): Promise<number> => (await server.healthDetail()).body.store.headPosition!;
  /** Sends the milestone form of an area: schools recruited on a date. */
  const reportSchools = (area: string, achievedOn: string) =>
    officer.postForm(`${area}/milestone`, {
      milestoneKey: 'schools-recruited',
      ...date('achievedOn', achievedOn),
    });

  beforeAll(async () => {
    await server.start();
    boardEmail = server.createAccount('BOARD_MEMBER', 'Ada Board');
    officer = await SignedInClient.signIn(
      server,
      server.createAccount('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH),
    );
  }, 60_000);
  afterAll(() => server.dispose());

  it('sends a visitor without a session to sign in, and back', async () => {
    const answer = await new SignedInClient(server.url).get(AREA);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe(`/sign-in?next=${encodeURIComponent(AREA)}`);
  });

  it("refuses a board member: the report pages are local authorities'", async () => {
    const board = await SignedInClient.signIn(server, boardEmail);
    for (const path of ['/report', AREA, '/report/upload']) {
      const answer = await board.get(path);
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('You cannot use this page');
    }
  });

  it("lists the officer's programmes and opens the area's page", async () => {
    const home = await officer.get('/report');
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-store');
    expect(home.text).toContain('Report for Lambeth');
    expect(home.text).toContain(`href="${AREA}"`);
    const area = await officer.get(AREA);
    expect(area.status).toBe(200);
    expect(area.text).toContain('Social Workers in Schools (SWIS) trial');
    expect(area.text).toContain(`href="${AREA}/milestone"`);
    expect(area.text).toContain(`href="/report/upload?programme=${SWIS}"`);
    expect((await officer.get(`${AREA}/no-such-form`)).status).toBe(404);
    expect((await officer.get(`/report/no-such-programme/${LAMBETH}`)).status).toBe(404);
  });

  it("refuses another area's pages and forms, and writes nothing", async () => {
    const other = `/report/${SWIS}/${SOUTHWARK}`;
    expect((await officer.get(other)).status).toBe(403);
    expect((await officer.get(`${other}/milestone`)).status).toBe(403);
    await officer.get(`${AREA}/milestone`);
    const before = await head();
    const answer = await reportSchools(other, '2024-01-10');
    expect(answer.status).toBe(403);
    expect(await head()).toBe(before);
  });

  it('refuses a form without its CSRF token, or with a wrong one, and writes nothing', async () => {
    await officer.get(`${AREA}/status`);
    const before = await head();
    const status = {
      rag: 'GREEN',
      commentary: 'On track',
      ...date('periodStart', '2024-01-01'),
      ...date('periodEnd', '2024-03-31'),
    };
    for (const csrf of [null, 'not-a-token']) {
      const answer = await officer.postForm(`${AREA}/status`, status, { csrf });
      expect(answer.status).toBe(403);
    }
    const upload = new FormData();
    upload.append('programme', SWIS);
    upload.append('file', new Blob(['areaCode\n']), 'march.csv');
    expect((await officer.postMultipart('/report/upload', upload)).status).toBe(403);
    expect(await head()).toBe(before);
  });

  it("lists every problem of the form at once, in the form's words, and writes nothing", async () => {
    await officer.get(`${AREA}/milestone`);
    const before = await head();
    const answer = await officer.postForm(`${AREA}/milestone`, {
      'achievedOn-day': '4',
      'achievedOn-year': '2024',
      evidence: 'the shared drive',
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('<title>Error: Report a milestone');
    for (const problem of [
      'Select the milestone that was achieved',
      'The date the milestone was achieved must include a month',
      'Enter the link to the evidence as a web address',
    ]) {
      // In the error summary and beside its field.
      expect(answer.text.split(problem).length - 1).toBe(2);
    }
    expect(answer.text).toContain('value="the shared drive"');
    expect(await head()).toBe(before);
  });

  it('reports a milestone, once however often the form is sent, then shows it on the area page', async () => {
    const form = await officer.get(`${AREA}/milestone`);
    const commandId = /name="commandId" value="([^"]+)"/.exec(form.text)![1];
    const fields = {
      commandId,
      milestoneKey: 'schools-recruited',
      ...date('achievedOn', '2024-01-10'),
      evidence: 'https://example.org/lambeth/schools.pdf',
      note: 'Twelve schools',
    };
    const before = await head();
    const sent = await officer.postForm(`${AREA}/milestone`, fields);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(AREA);
    const written = await head();
    expect(written).toBeGreaterThan(before);
    // Sent again (a double click, a reload): the same command, nothing more written.
    expect((await officer.postForm(`${AREA}/milestone`, fields)).status).toBe(303);
    expect(await head()).toBe(written);

    const area = await officer.get(AREA);
    expect(area.text).toContain('Schools recruited reported as achieved on 10 January 2024');
    expect(area.text).toContain('Schools recruited: achieved on 10 January 2024. Twelve schools');
    expect(area.text).toContain('Evidence: https://example.org/lambeth/schools.pdf');
    // The notice is shown once.
    expect((await officer.get(AREA)).text).not.toContain('reported as achieved on');
  });

  it("shows the rollout context's refusal beside its field, and writes nothing", async () => {
    await officer.get(`${AREA}/milestone`);
    const before = await head();
    const answer = await reportSchools(AREA, '2024-02-01');
    expect(answer.status).toBe(400);
    expect(
      answer.text.split('Schools recruited was already reported as achieved on 10 January 2024')
        .length - 1,
    ).toBe(2);
    expect(await head()).toBe(before);
  });

  it('reports a status with commentary, which the area page shows', async () => {
    await officer.get(`${AREA}/status`);
    const answer = await officer.postForm(`${AREA}/status`, {
      rag: 'AMBER',
      commentary: 'Recruiting social workers is slow',
      ...date('periodStart', '2024-01-01'),
      ...date('periodEnd', '2024-03-31'),
    });
    expect(answer.status).toBe(303);
    const area = await officer.get(AREA);
    expect(area.text).toContain('Status reported as amber for 1 January 2024 to 31 March 2024');
    expect(area.text).toContain('Amber for 1 January 2024 to 31 March 2024');
    expect(area.text).toContain('Recruiting social workers is slow');
  });

  describe('uploading milestones from a CSV file', () => {
    const upload = async (csv: string, filename = 'milestones.csv') => {
      await officer.get(`/report/upload?programme=${SWIS}`);
      const form = new FormData();
      // The token first, as the page's form sends it: it is checked before the file is read.
      form.append('_csrf', officer.csrfToken!);
      form.append('programme', SWIS);
      form.append('file', new Blob([csv], { type: 'text/csv' }), filename);
      return officer.postMultipart('/report/upload', form);
    };
    const GOOD = [
      'areaCode,milestoneKey,achievedOn,evidenceUrl,note',
      `${LAMBETH},social-workers-in-post,2024-03-04,https://example.org/posts,Six in post`,
      `${LAMBETH},schools-recruited,2024-01-10,,`,
    ].join('\n');

    it('asks for a programme and a CSV file, beside each field', async () => {
      await officer.get('/report/upload');
      const form = new FormData();
      form.append('_csrf', officer.csrfToken!);
      form.append('file', new Blob(['x']), 'milestones.xlsx');
      const answer = await officer.postMultipart('/report/upload', form);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Select the programme the milestones are for');
      expect(answer.text).toContain('The selected file must be a CSV');
    });

    it("lists every problem of every row in the forms' words, and writes nothing", async () => {
      const before = await head();
      const answer = await upload(
        [
          'areaCode,milestoneKey,achievedOn,evidenceUrl,note',
          `${LAMBETH},trial-data-returned,2024-01-01,shared drive,`,
          `${LAMBETH},schools-recruited,2024-02-30,,`,
          `${LAMBETH},trial-data-returned,2099-01-01,,`,
          `${SOUTHWARK},schools-recruited,2024-01-10,,`,
        ].join('\n'),
      );
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('Check your file');
      for (const problem of [
        'The date the milestone was achieved must be today or in the past',
        'Enter the link to the evidence as a web address',
        'The date the milestone was achieved must be a real date',
        'You can report only for Lambeth, not for Southwark',
      ]) {
        expect(answer.text).toContain(problem);
      }
      for (const row of [1, 2, 3, 4]) expect(answer.text).toContain(`Row ${row} (line ${row + 1})`);
      expect(answer.text).not.toContain('id="import-form"');
      expect(await head()).toBe(before);
    });

    it('checks a good file, imports it without sending it again, and a second import writes nothing', async () => {
      const before = await head();
      const checked = await upload(GOOD);
      expect(checked.text).toContain('Import 1 milestone');
      expect(checked.text).toContain('To be recorded');
      expect(checked.text).toContain('Already recorded');
      expect(await head()).toBe(before);
      const uploadId = /name="upload" value="([0-9a-f]{32})"/.exec(checked.text)![1];

      const imported = await officer.postForm('/report/upload/import', { upload: uploadId });
      expect(imported.status).toBe(303);
      expect(imported.location).toBe(AREA);
      const area = await officer.get(AREA);
      expect(area.text).toContain('1 milestone imported from milestones.csv');
      expect(area.text).toContain('Social workers in post: achieved on 4 March 2024. Six in post');
      const written = await head();

      // The file kept for the import is gone once imported.
      const again = await officer.postForm('/report/upload/import', { upload: uploadId });
      expect(again.status).toBe(400);
      expect(again.text).toContain('The file you checked is no longer kept: upload it again');
      // The same file again: nothing new.
      const rechecked = await upload(GOOD);
      expect(rechecked.text).toContain('Every milestone in the file is already recorded');
      expect(await head()).toBe(written);
    });

    it('refuses to import a file kept for another officer', async () => {
      const checked = await upload(
        `areaCode,milestoneKey,achievedOn,evidenceUrl,note\n${LAMBETH},trial-data-returned,2024-05-01,,`,
      );
      const uploadId = /name="upload" value="([0-9a-f]{32})"/.exec(checked.text)![1];
      const colleague = await SignedInClient.signIn(
        server,
        server.createAccount('LOCAL_AUTHORITY', 'Sam Southwark', SOUTHWARK),
      );
      await colleague.get('/report/upload');
      const before = await head();
      const answer = await colleague.postForm('/report/upload/import', { upload: uploadId });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('The file you checked is no longer kept');
      expect(await head()).toBe(before);
    });

    it('takes rows for every area of an officer of several, and names those areas when a row is for another', async () => {
      const email = `shared.${Date.now()}@example.org`;
      server.tracker(
        'account',
        'add',
        '--email',
        email,
        '--name',
        'Sol Shared',
        '--role',
        'LOCAL_AUTHORITY',
        '--organisation',
        'Lambeth and Southwark shared service',
        '--area',
        LAMBETH,
        '--area',
        SOUTHWARK,
      );
      const shared = await SignedInClient.signIn(server, email);
      const sharedUpload = async (csv: string) => {
        const page = await shared.get('/report/upload');
        expect(page.text).toContain('the code of one of your areas: E09000022 and E09000028');
        const form = new FormData();
        form.append('_csrf', shared.csrfToken!);
        form.append('programme', SWIS);
        form.append('file', new Blob([csv], { type: 'text/csv' }), 'shared.csv');
        return shared.postMultipart('/report/upload', form);
      };
      const header = 'areaCode,milestoneKey,achievedOn,evidenceUrl,note';
      const before = await head();
      const refused = await sharedUpload(
        [
          header,
          `${SOUTHWARK},schools-recruited,2024-02-01,,`,
          `E09000030,schools-recruited,2024-02-01,,`,
        ].join('\n'),
      );
      expect(refused.status).toBe(200);
      expect(refused.text).toContain(
        'You can report only for Lambeth and Southwark, not for Tower Hamlets',
      );
      expect(refused.text).not.toContain('Row 1 (line 2)');
      expect(await head()).toBe(before);

      const checked = await sharedUpload(
        [
          header,
          `${SOUTHWARK},schools-recruited,2024-02-01,,`,
          `${LAMBETH},trial-data-returned,2024-06-01,,`,
        ].join('\n'),
      );
      expect(checked.text).toContain('Import 2 milestones');
      const uploadId = /name="upload" value="([0-9a-f]{32})"/.exec(checked.text)![1];
      const imported = await shared.postForm('/report/upload/import', { upload: uploadId });
      expect([imported.status, imported.location]).toEqual([303, '/report']);
      expect((await shared.get('/report')).text).toContain('2 milestones imported from shared.csv');
      expect((await shared.get(`/report/${SWIS}/${SOUTHWARK}`)).text).toContain(
        'Schools recruited: achieved on 1 February 2024',
      );
    });
  });
});
