import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { request as httpRequest, type IncomingHttpHeaders } from 'http';
import { join } from 'path';
import { LocalAuthorityRegister } from '@app/areas';
import { parse } from 'csv-parse/sync';
import { ROOT, TrackerServer } from './support/tracker-server';

const TODAY = '2026-11-23';
const PROGRAMME = 'e2e-import';
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const CROYDON = 'E09000008';
const HEADER = 'areaCode,milestoneKey,achievedOn,evidenceUrl,note';
const LIMIT = 64 * 1024;

describe('milestone imports and rollout exports over HTTP and the CLI', () => {
  let server: TrackerServer;
  let dir: string;
  const tokens: Record<string, string> = {};

  const importCsv = async (
    body: string | Uint8Array | FormData | ReadableStream<Uint8Array>,
    query: string,
    token: string | null = tokens.board,
    contentType: string | null = 'text/csv',
  ) => {
    const url = `${server.url}/imports/milestones?${query}`;
    const headers = {
      ...(contentType ? { 'content-type': contentType } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    if (body instanceof ReadableStream) {
      const response = await fetch(url, { method: 'POST', headers, body, duplex: 'half' });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }
    // Put into bytes as fetch sends it (a form with its boundary), then sent by a client that
    // reads the answer even when the server refuses early and closes mid-upload, as it does.
    const request = new Request(url, { method: 'POST', headers, body });
    const bytes = Buffer.from(await request.arrayBuffer());
    const response = await postAnsweredEarly(url, {
      headers: { ...Object.fromEntries(request.headers), 'content-length': String(bytes.length) },
      body: bytes,
    });
    return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
  };
  const csv = (...rows: string[]): string => [HEADER, ...rows].join('\r\n') + '\r\n';

  const timeline = async (areaCode: string, programmeId = PROGRAMME) => {
    const response = await server.gql(
      `query($p: ID!, $a: ID!) { areaRollout(programmeId: $p, areaCode: $a) {
        lastMilestone { key achievedOn } milestonesAchieved timeline { type reason evidence actor { name } }
      } }`,
      { p: programmeId, a: areaCode },
      tokens.board,
    );
    return response.data?.areaRollout as {
      lastMilestone: { key: string; achievedOn: string } | null;
      milestonesAchieved: number;
      timeline: {
        type: string;
        reason: string | null;
        evidence: string[];
        actor: { name: string };
      }[];
    };
  };
  const types = async (areaCode: string) => (await timeline(areaCode)).timeline.map((e) => e.type);

  /** Runs the CLI on the server's data, with its exit status, stdout and stderr. */
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: { ...server.env, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    server = new TrackerServer('import', {
      CLOCK_FIXED_AT: `${TODAY}T12:00:00Z`,
      IMPORT_LIMIT_BYTES: String(LIMIT),
    });
    dir = mkdtempSync(join(tmpdir(), 'rt-e2e-import-files-'));
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.auditor = server.createToken('AUDITOR', 'Ed Auditor');
    tokens.officer = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', LAMBETH);
    const created = await server.gql(
      `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
      {
        i: {
          id: PROGRAMME,
          name: 'Imports end to end',
          recommendations: ['CSC-FAMILY-HELP'],
          milestones: ['plan-agreed', 'hub-open', 'evidence-returned'].map((key) => ({
            key,
            title: key,
            targetDate: key === 'evidence-returned' ? '2025-01-01' : null,
          })),
          occurredAt: '2023-01-01T00:00:00Z',
        },
      },
      tokens.board,
    );
    expect(created.errors).toBeUndefined();
    for (const [areaCode, wave] of [
      [LAMBETH, '1'],
      [SOUTHWARK, '=HYPERLINK("http://evil.example")'],
      [CROYDON, null],
    ]) {
      const enrolled = await server.gql(
        `mutation($i: EnrolAreaInput!) { enrolArea(input: $i) { areaCode } }`,
        { i: { programmeId: PROGRAMME, areaCode, enrolledOn: '2023-01-02', wave } },
        tokens.board,
      );
      expect(enrolled.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dry run reports every row and writes nothing', async () => {
    const { status, body } = await importCsv(
      csv(
        `${LAMBETH},plan-agreed,2023-03-01,https://example.org/plan,Agreed`,
        `${LAMBETH},hub-open,2027-01-01,,`,
      ),
      `programme=${PROGRAMME}&dryRun=true`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ dryRun: true, rows: 2, toRecord: 1, recorded: 0, errorCount: 1 });
    expect(body.rowsDetail.map((row: any) => row.outcome)).toEqual(['RECORD', 'ERROR']);
    expect(body.errors[0]).toMatchObject({ row: 2, column: 'achievedOn', rule: 'notInFuture' });
    expect(await types(LAMBETH)).toEqual(['AreaEnrolled']);
  });

  it('a real run records every row, visible at once over GraphQL, and a second run records nothing', async () => {
    const file = csv(
      `${LAMBETH},plan-agreed,2023-03-01,https://example.org/plan,"Agreed, with the board"`,
      `${LAMBETH},hub-open,2023-09-01,,`,
      `${SOUTHWARK},plan-agreed,2023-04-01,,`,
    );
    const first = await importCsv(file, `programme=${PROGRAMME}&dryRun=false`);
    expect(first).toMatchObject({
      status: 200,
      body: { dryRun: false, rows: 3, recorded: 3, errorCount: 0, programmeIds: [PROGRAMME] },
    });
    const lambeth = await timeline(LAMBETH);
    expect(lambeth.lastMilestone).toEqual({ key: 'hub-open', achievedOn: '2023-09-01' });
    expect(lambeth.timeline.map((e) => e.type)).toEqual([
      'AreaEnrolled',
      'MilestoneAchieved',
      'MilestoneAchieved',
    ]);
    expect(lambeth.timeline[1]).toMatchObject({
      reason: 'Imported from CSV upload, row 1',
      evidence: ['https://example.org/plan'],
      actor: { name: 'Ada Board' },
    });
    const again = await importCsv(file, `programme=${PROGRAMME}`);
    expect(again).toMatchObject({ status: 200, body: { recorded: 0, unchanged: 3 } });
    expect(await types(LAMBETH)).toHaveLength(3);
  });

  it('refuses a file with any bad row, listing each by number and column, and writes nothing', async () => {
    const { status, body } = await importCsv(
      csv(
        `${CROYDON},plan-agreed,2023-05-01,,fine alone`,
        `E09999999,plan-agreed,2023-05-01,,`,
        `${CROYDON},no-such-milestone,2023-05-01,,`,
        `${CROYDON},hub-open,01/05/2023,,`,
        `${CROYDON},evidence-returned,2026-11-24,,`,
        `${LAMBETH},plan-agreed,2023-03-02,,`,
      ),
      `programme=${PROGRAMME}`,
    );
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', errorCount: 5, rows: 6 });
    expect(body.error.errors.map((e: any) => [e.row, e.column, e.code])).toEqual([
      [2, 'areaCode', 'UNKNOWN_AREA'],
      [3, 'milestoneKey', 'BAD_USER_INPUT'],
      [4, 'achievedOn', 'BAD_USER_INPUT'],
      [5, 'achievedOn', 'BAD_USER_INPUT'],
      [6, 'milestoneKey', 'ALREADY_EXISTS'],
    ]);
    expect(await types(CROYDON)).toEqual(['AreaEnrolled']);
  });

  it("reads Excel's files as it writes them: refuses Windows-1252 and stray quotes (422, naming where), reads UTF-16", async () => {
    // Excel on Windows, "CSV (comma delimited)": £ is the single byte 0xA3.
    const cp1252 = new FormData();
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\r\n${CROYDON},plan-agreed,2023-05-01,,Cost `),
      Buffer.from([0xa3, 0x35, 0x0d, 0x0a]),
    ]);
    cp1252.append('file', new Blob([bytes]), 'plan.csv');
    const refused = await importCsv(cp1252, `programme=${PROGRAMME}`, tokens.board, null);
    expect(refused.status).toBe(422);
    expect(refused.body.error.errors).toEqual([
      expect.objectContaining({
        line: 2,
        rule: 'encoding',
        message: expect.stringContaining(
          'line 2, character 40 has the byte 0xA3, as a file saved in another encoding (such as Windows-1252) would; save the file as CSV UTF-8 (comma delimited)',
        ),
      }),
    ]);

    const quotes = await importCsv(
      csv(
        `${CROYDON},plan-agreed,2023-05-01,,Opened in the "new wing`,
        `${SOUTHWARK},hub-open,2023-09-01,,the hub" opened`,
      ),
      `programme=${PROGRAMME}`,
    );
    expect(quotes.status).toBe(422);
    expect(quotes.body.error.errors).toEqual([
      expect.objectContaining({ row: 1, line: 2, column: 'note', rule: 'quotedField' }),
    ]);
    expect(await types(CROYDON)).toEqual(['AreaEnrolled']);

    // UTF-16 with its byte order mark is read; the dry run shows the text each row would record.
    const note = 'Café £5, €6 – it’s “done”\r\nSecond line';
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(csv(`${CROYDON},plan-agreed,2023-05-01,,"${note}"`), 'utf16le'),
    ]);
    const dry = await importCsv(utf16, `programme=${PROGRAMME}&dryRun=true`);
    expect(dry.status).toBe(200);
    expect(dry.body.rowsDetail).toEqual([
      expect.objectContaining({ row: 1, areaCode: CROYDON, note, outcome: 'RECORD' }),
    ]);
  });

  it('a header with unknown or missing columns refuses the file, naming them', async () => {
    const { status, body } = await importCsv(
      'areaCode,milestone,achievedOn,note\r\nE09000008,plan-agreed,2023-05-01,\r\n',
      `programme=${PROGRAMME}`,
    );
    expect(status).toBe(422);
    expect(body.error.errors.map((e: any) => [e.row, e.column])).toEqual([
      [0, 'milestone'],
      [0, 'milestoneKey'],
      [0, 'evidenceUrl'],
    ]);
  });

  it("a local authority imports for its own area only: another area's row refuses the file", async () => {
    const refused = await importCsv(
      csv(`${LAMBETH},evidence-returned,2024-01-01,,`, `${CROYDON},plan-agreed,2023-05-01,,`),
      `programme=${PROGRAMME}`,
      tokens.officer,
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'areaCode', code: 'FORBIDDEN' }),
    ]);
    expect(await types(LAMBETH)).toHaveLength(3);
    const own = await importCsv(
      csv(`${LAMBETH},evidence-returned,2024-01-01,,`),
      `programme=${PROGRAMME}`,
      tokens.officer,
    );
    expect(own).toMatchObject({ status: 200, body: { recorded: 1 } });
    expect((await timeline(LAMBETH)).timeline[3].actor.name).toBe('Lou Lambeth');
  });

  it('refuses an auditor (403), a missing or unknown token (401), bad parameters (400) and an unknown programme (404)', async () => {
    const file = csv(`${CROYDON},plan-agreed,2023-05-01,,`);
    const query = `programme=${PROGRAMME}`;
    const auditor = await importCsv(file, query, tokens.auditor);
    expect(auditor).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const anonymous = await importCsv(file, query, null);
    expect(anonymous).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const unknown = await importCsv(
      file,
      query,
      `rt_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.${'A'.repeat(43)}`,
    );
    expect(unknown.status).toBe(401);
    const dryRun = await importCsv(file, `${query}&dryRun=maybe`);
    expect(dryRun).toMatchObject({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', field: 'dryRun' } },
    });
    const badId = await importCsv(file, 'programme=Not%20An%20Id');
    expect(badId).toMatchObject({ status: 400, body: { error: { field: 'programme' } } });
    const json = await importCsv('{}', query, tokens.board, 'application/json');
    expect(json).toMatchObject({ status: 400, body: { error: { field: 'content-type' } } });
    const missing = await importCsv(file, 'programme=no-such-programme');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    // Refused by Fastify itself, before the route: the same shape, with a code.
    const xml = await importCsv(file, query, tokens.board, 'application/xml');
    expect(xml).toMatchObject({ status: 415, body: { error: { code: 'BAD_REQUEST' } } });
    const notJson = await importCsv(file, query, tokens.board, 'application/json');
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(await types(CROYDON)).toEqual(['AreaEnrolled']);
  });

  it('takes a multipart upload, naming the file in the reason', async () => {
    const form = new FormData();
    form.append('file', new Blob([csv(`${CROYDON},plan-agreed,2023-05-01,,`)]), 'croydon.csv');
    const { status, body } = await importCsv(form, `programme=${PROGRAMME}`, tokens.board, null);
    expect(status).toBe(200);
    expect(body).toMatchObject({ recorded: 1 });
    expect((await timeline(CROYDON)).timeline[1].reason).toBe('Imported from croydon.csv, row 1');
  });

  it('refuses a multipart file name that would make every reason oversized and hostile, writing nothing', async () => {
    // A right-to-left override and 60,000 characters: it became the reason of every event.
    const form = new FormData();
    const name = `\u202E${'x'.repeat(60_000)}vsc.exe`;
    form.append('file', new Blob([csv(`${CROYDON},plan-agreed,2023-06-01,,`)]), name);
    const { status, body } = await importCsv(form, `programme=${PROGRAMME}`, tokens.board, null);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filename',
      rule: 'maxLength',
      message: 'filename must be 255 characters or fewer (it has 60008)',
    });
    const short = new FormData();
    short.append('file', new Blob([csv(`${CROYDON},plan-agreed,2023-06-01,,`)]), '\u202Evsc.exe');
    const override = await importCsv(short, `programme=${PROGRAMME}`, tokens.board, null);
    expect(override).toMatchObject({
      status: 400,
      body: { error: { field: 'filename', rule: 'noDirectionOverrides' } },
    });
    expect((await timeline(CROYDON)).lastMilestone).toMatchObject({ achievedOn: '2023-05-01' });
  });

  it('refuses a multipart upload cut short (no closing boundary) with BAD_USER_INPUT, writing nothing', async () => {
    const cut = `--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${csv(`${CROYDON},plan-agreed,2023-06-01,,`)}`;
    const { status, body } = await importCsv(
      cut,
      `programme=${PROGRAMME}`,
      tokens.board,
      'multipart/form-data; boundary=x',
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file', rule: 'multipart' });
    expect((await timeline(CROYDON)).lastMilestone).toMatchObject({ achievedOn: '2023-05-01' });
  });

  it('reads the programme from a programmeId column when the query names none', async () => {
    const { status, body } = await importCsv(
      [
        `programmeId,${HEADER}`,
        `${PROGRAMME},${CROYDON},hub-open,2023-06-01,,`,
        `social-workers-in-schools,${LAMBETH},schools-recruited,2021-01-04,,`,
      ].join('\n'),
      'dryRun=false',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      recorded: 2,
      programmeIds: [PROGRAMME, 'social-workers-in-schools'],
    });
    expect((await timeline(LAMBETH, 'social-workers-in-schools')).lastMilestone).toEqual({
      key: 'schools-recruited',
      achievedOn: '2021-01-04',
    });
  });

  it('refuses a file over the size limit (413), whether its length is announced or not', async () => {
    const big = csv(...Array.from({ length: 2000 }, () => `${CROYDON},plan-agreed,2023-05-01,,`));
    expect(big.length).toBeGreaterThan(LIMIT);
    const announced = await importCsv(big, `programme=${PROGRAMME}`);
    expect(announced).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    const bytes = new TextEncoder().encode(big);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    });
    const chunked = await importCsv(streamed, `programme=${PROGRAMME}`);
    expect(chunked).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('the CLI imports with progress, refuses bad files (exit 1) and needs a reporting token (exit 2)', async () => {
    const file = join(dir, 'southwark.csv');
    writeFileSync(
      file,
      csv(
        ...Array.from({ length: 3000 }, (_, i) =>
          i % 2 === 0
            ? `${SOUTHWARK},hub-open,2023-10-01,,`
            : `${SOUTHWARK},plan-agreed,2023-04-01,,`,
        ),
      ),
    );
    const imported = cli(['import', 'milestones', file, '--programme', PROGRAMME], {
      TRACKER_TOKEN: tokens.board,
    });
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 3000, recorded: 1, unchanged: 2999 });
    expect(imported.stderr).toMatch(/read: 3,000 rows \([\d,]+ rows\/s\)/);
    expect((await timeline(SOUTHWARK)).lastMilestone).toEqual({
      key: 'hub-open',
      achievedOn: '2023-10-01',
    });

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, csv(`${SOUTHWARK},evidence-returned,2030-01-01,,`));
    const refused = cli([
      'import',
      'milestones',
      bad,
      '--programme',
      PROGRAMME,
      '--token',
      tokens.board,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('row 1 (line 2), achievedOn: BAD_USER_INPUT notInFuture');
    const dry = cli(['import', 'milestones', bad, '--programme', PROGRAMME, '--dry-run'], {
      TRACKER_TOKEN: tokens.board,
    });
    expect(dry.status).toBe(1);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, errorCount: 1 });

    expect(cli(['import', 'milestones', file, '--programme', PROGRAMME]).status).toBe(2);
    const auditor = cli([
      'import',
      'milestones',
      file,
      '--programme',
      PROGRAMME,
      '--token',
      tokens.auditor,
    ]);
    expect(auditor.status).toBe(2);
    expect(auditor.stderr).toContain('AUDITOR may not do this');
    expect(await types(SOUTHWARK)).toHaveLength(3);
  });

  it('exports the rollout as CSV over HTTP: one row per enrolled area, stamped as of now', async () => {
    const response = await fetch(`${server.url}/exports/rollout.csv?programme=${PROGRAMME}`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="rollout-${PROGRAMME}-${TODAY}.csv"`,
    );
    // Bytes, not text(): fetch's text() drops the byte order mark Excel needs to read UTF-8.
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const [header, ...rows] = parse(csv, { bom: true });
    expect(header[0]).toBe('programmeId');
    expect(header[header.length - 1]).toBe('asOf');
    expect(rows).toHaveLength(3);
    const byArea = new Map(
      rows.map((row) => [row[2], Object.fromEntries(header.map((h, i) => [h, row[i]]))]),
    );
    expect(byArea.get(LAMBETH)).toMatchObject({
      programmeName: 'Imports end to end',
      areaName: 'Lambeth',
      regionName: 'London',
      stage: 'COMPLETED',
      milestonesAchieved: '3',
      milestonesTotal: '3',
      lastMilestoneKey: 'evidence-returned',
      overdueCount: '0',
      asOf: `${TODAY}T12:00:00.000Z`,
    });
    expect(byArea.get(CROYDON)).toMatchObject({
      stage: 'IN_PROGRESS',
      overdueCount: '1',
      mostOverdueKey: 'evidence-returned',
      mostOverdueTargetDate: '2025-01-01',
    });
    // A wave typed as a formula is exported as text, never run by a spreadsheet.
    expect(byArea.get(SOUTHWARK)?.wave).toBe('\'=HYPERLINK("http://evil.example")');

    expect((await fetch(`${server.url}/exports/rollout.csv?programme=${PROGRAMME}`)).status).toBe(
      401,
    );
    const unknown = await fetch(`${server.url}/exports/rollout.csv?programme=nope`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('the CLI export writes the same CSV, read from the store itself', () => {
    const out = join(dir, 'rollout.csv');
    const exported = cli([
      'export',
      'rollout',
      '--programme',
      PROGRAMME,
      '--out',
      out,
      '--token',
      tokens.officer,
    ]);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toContain('Wrote 3 areas');
    const file = readFileSync(out, 'utf8');
    expect(file.startsWith('\uFEFFprogrammeId,')).toBe(true);
    const rows = parse(file, { bom: true });
    expect(rows).toHaveLength(4);
    const southwark = rows.find((row) => row[2] === SOUTHWARK);
    expect(southwark?.[rows[0].indexOf('lastMilestoneKey')]).toBe('hub-open');
    const stdout = cli(['export', 'rollout', '--programme', PROGRAMME], {
      TRACKER_TOKEN: tokens.board,
    });
    expect(stdout.stdout.split('\r\n')[0]).toBe(`\uFEFF${rows[0].join(',')}`);
    expect(cli(['export', 'rollout', '--programme', PROGRAMME]).status).toBe(2);
  });

  it('/health stays public', async () => {
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('a large milestone import beside other requests', () => {
  const MILESTONES = Array.from({ length: 40 }, (_, i) => `m${i + 1}`);
  const PROGRAMMES = ['e2e-large-a', 'e2e-large-b'];
  let server: TrackerServer;
  let token: string;

  beforeAll(async () => {
    server = new TrackerServer('import-large');
    await server.start();
    token = server.createToken('BOARD_MEMBER', 'Ada Board');
    const areas = LocalAuthorityRegister.shipped().all.map((area) => area.areaCode);
    for (const id of PROGRAMMES) {
      const created = await server.gql(
        `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`,
        {
          i: {
            id,
            name: id,
            recommendations: ['CSC-FAMILY-HELP'],
            milestones: MILESTONES.map((key) => ({ key, title: key })),
            occurredAt: '2023-01-01T00:00:00Z',
          },
        },
        token,
      );
      expect(created.errors).toBeUndefined();
      for (const areaCode of areas) {
        const enrolled = await server.gql(
          `mutation($i: EnrolAreaInput!) { enrolArea(input: $i) { areaCode } }`,
          { i: { programmeId: id, areaCode, enrolledOn: '2023-01-02' } },
          token,
        );
        expect(enrolled.errors).toBeUndefined();
      }
    }
  }, 120_000);
  afterAll(() => server.dispose());

  it("answers another client's { __typename } within 500 ms while 12,240 rows import", async () => {
    const areas = LocalAuthorityRegister.shipped().all.map((area) => area.areaCode);
    const rows = PROGRAMMES.flatMap((id) =>
      areas.flatMap((area) => MILESTONES.map((key) => `${id},${area},${key},2024-01-01,,`)),
    );
    const file = `programmeId,${HEADER}\n${rows.join('\n')}\n`;
    const latencies: number[] = [];
    let importing = true;
    const probing = (async () => {
      while (importing) {
        const started = performance.now();
        const probe = await server.gql('{ __typename }', {}, token);
        expect(probe.data).toEqual({ __typename: 'Query' });
        latencies.push(performance.now() - started);
      }
    })();
    const response = await fetch(`${server.url}/imports/milestones`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: file,
    });
    importing = false;
    await probing;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ rows: rows.length, recorded: rows.length });
    // Before, the import held the server's event loop for most of its run: the worst probe
    // waited about as long as the import took (over a second for these rows).
    expect(latencies.length).toBeGreaterThan(5);
    expect(Math.max(...latencies)).toBeLessThan(500);
  }, 60_000);

  it('refuses a file of made-up programmes after 1,000 errors, without reading the rest', async () => {
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `made-up-${i + 1},${LAMBETH},m1,2024-01-01,,`,
    );
    // The server answers as soon as it stops, and closes the connection rather than read the
    // rest: a client must read the answer while its upload is cut short (fetch cannot).
    const response = await postAnsweredEarly(`${server.url}/imports/milestones`, {
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: `programmeId,${HEADER}\n${rows.join('\n')}\n`,
    });
    expect(response.status).toBe(422);
    expect(response.headers.connection).toBe('close');
    const { error } = JSON.parse(response.body) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ rows: 1000, errorCount: 1000, stoppedEarly: true });
    expect(error.message).toContain('checking stopped at row 1000 after 1000 errors');
    expect(error.message).toContain('fix these and import again');
  });
});

/** A POST whose answer is read even when the server closes the connection mid-upload. */
function postAnsweredEarly(
  url: string,
  { headers, body }: { headers: Record<string, string>; body: string | Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(url, { method: 'POST', headers }, (response) => {
      answered = true;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
      response.on('error', reject);
    });
    // The upload cut short (EPIPE, ECONNRESET) is expected once the answer has come.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(body);
  });
}
