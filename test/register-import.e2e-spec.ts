import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { postUnread, ROOT, TrackerServer } from './support/tracker-server';

const TODAY = '2026-11-23';
const SOURCES_HEADER = 'id,kind,title,publisher,publishedOn,url,themes';
const RECOMMENDATIONS_HEADER =
  'id,sourceId,theme,title,proposedOn,evidenceUrl,response,respondedOn,responseUrl,responseNote';

/** A board's own review, and recommendations from it, in the CSV files a board would write. */
const NEW_SOURCES = [
  SOURCES_HEADER,
  'e2e-board-review-2025,independent review,The board review,The Board,2025-03-01,https://example.org/review,"Early help; Care, and leaving care"',
].join('\r\n');
const newRecommendations = (count: number): string =>
  [
    RECOMMENDATIONS_HEADER,
    ...Array.from({ length: count }, (_, i) => {
      const theme = i % 2 ? '"Care, and leaving care"' : 'Early help';
      const response =
        i % 3 === 0 ? `accepted in part,2025-06-01,https://example.org/response,Mostly` : ',,,';
      return `E2E-BOARD-${i + 1},e2e-board-review-2025,${theme},Recommendation ${i + 1},2025-03-01,,${response}`;
    }),
  ].join('\r\n');

describe('register import over HTTP and the CLI', () => {
  let server: TrackerServer;
  let dir: string;
  const tokens: Record<string, string> = {};

  const head = async () => (await server.healthDetail()).body.store.headPosition;
  /** POSTs files; the answer is read even when the server refuses before reading them all. */
  const post = async (
    body: string | FormData,
    query = 'dryRun=false',
    token: string | null = tokens.board,
    contentType: string | null = null,
  ) => {
    const url = `${server.url}/imports/register?${query}`;
    const request = new Request(url, {
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body,
    });
    const response = await postUnread(url, await request.text(), {
      ...Object.fromEntries(request.headers),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
    return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
  };
  const form = (...files: [name: string, text: string][]): FormData => {
    const data = new FormData();
    for (const [name, text] of files) data.append('file', new Blob([text]), name);
    return data;
  };
  const template = async (name: string) => {
    const response = await fetch(`${server.url}/imports/register/templates/${name}`);
    return {
      status: response.status,
      disposition: response.headers.get('content-disposition'),
      text: await response.text(),
    };
  };
  const cli = (args: string[]) => {
    const result = spawnSync(process.execPath, [join(ROOT, 'bin/tracker'), ...args], {
      env: { ...server.env, TRACKER_TOKEN: tokens.board },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    server = new TrackerServer('register-import', { CLOCK_FIXED_AT: `${TODAY}T12:00:00Z` });
    dir = mkdtempSync(join(tmpdir(), 'rt-e2e-register-files-'));
    await server.start();
    tokens.board = server.createToken('BOARD_MEMBER', 'Ada Board');
    tokens.auditor = server.createToken('AUDITOR', 'Ed Auditor');
    tokens.officer = server.createToken('LOCAL_AUTHORITY', 'Lou Lambeth', 'E09000022');
  });
  afterAll(async () => {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers templates to anyone, which sent back as a dry run change nothing on the shipped register', async () => {
    const files: [string, string][] = [];
    for (const name of ['sources.csv', 'recommendations.csv', 'register.json']) {
      const got = await template(name);
      expect(got.status).toBe(200);
      expect(got.disposition).toBe(`attachment; filename="${name}"`);
      files.push([name, got.text]);
    }
    expect(files[0][1]).toMatch(/^\uFEFF?id,kind,title,publisher,publishedOn,themes,url\r\n/);
    expect(files[1][1].split('\r\n')[0]).toContain('sourceId');
    expect((await template('other.csv')).status).toBe(404);

    // The CSV templates together (recommendations name the sources), the JSON on its own.
    for (const upload of [form(files[0], files[1]), form(files[2])]) {
      const { status, body } = await post(upload, 'dryRun=true');
      expect(status).toBe(200);
      expect(body).toMatchObject({ dryRun: true, errorCount: 0, toRecord: 0, recorded: 0 });
      expect(body.rows).toBeGreaterThan(2);
      expect(new Set(body.rowsDetail.map((row: any) => row.outcome))).toEqual(
        new Set(['UNCHANGED']),
      );
    }
    const both = await post(form(files[0], files[1], files[2]), 'dryRun=true');
    expect(both.body.files.map((file: any) => file.kind)).toEqual([
      'sources',
      'recommendations',
      'register',
    ]);
    // The same rows twice in one import: each repeat names the row it repeats.
    expect(both.body.errors[0].message).toMatch(
      /is already on row 1 of sources\.csv; list each source once$/,
    );
  });

  it('imports the shipped data, sent as JSON, writing nothing', async () => {
    const before = await head();
    for (const name of ['sources.json', 'recommendations.json']) {
      const text = readFileSync(join(ROOT, 'reference-data', name), 'utf8');
      const { status, body } = await post(text, 'dryRun=false', tokens.board, 'application/json');
      expect({ name, status, errors: body.errors }).toEqual({ name, status: 200, errors: [] });
      expect(body).toMatchObject({ recorded: 0, toRecord: 0 });
      expect(body.unchanged).toBe(body.rows);
    }
    expect(await head()).toBe(before);
  });

  it('loads a new source and a hundred recommendations from it in one go, and again writes nothing', async () => {
    const files = form(
      ['review.csv', NEW_SOURCES],
      ['recommendations.csv', newRecommendations(100)],
    );
    const dry = await post(files, 'dryRun=true');
    expect(dry.body).toMatchObject({ rows: 101, toRecord: 101, errorCount: 0 });
    const first = await post(files);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 101, recorded: 101, errorCount: 0 });
    const found = await server.gql(
      `{ recommendation(id: "E2E-BOARD-4") { title theme governmentResponse { decision note } } }`,
      {},
      tokens.board,
    );
    expect(found.data?.recommendation).toEqual({
      title: 'Recommendation 4',
      theme: 'Care, and leaving care',
      governmentResponse: { decision: 'ACCEPTED_IN_PART', note: 'Mostly' },
    });
    const before = await head();
    const again = await post(files);
    expect(again.body).toMatchObject({ recorded: 0, unchanged: 101 });
    expect(await head()).toBe(before);
  });

  it('refuses a file with one bad row, naming the file, line and column, and writes nothing', async () => {
    const before = await head();
    const text = [
      RECOMMENDATIONS_HEADER,
      'E2E-GOOD,e2e-board-review-2025,Early help,Fine,2025-03-01,,,,,',
      'E2E-BAD,e2e-board-review-2025,No such theme,Not fine,2025-03-01,,,,,',
    ].join('\n');
    const { status, body } = await post(form(['bad.csv', text]));
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', rows: 2, errorCount: 1 });
    expect(body.error.errors).toEqual([
      expect.objectContaining({
        file: 'bad.csv',
        row: 2,
        line: 3,
        column: 3,
        field: 'theme',
        rule: 'knownTheme',
      }),
    ]);
    const json = await post('{"sources": [}', 'dryRun=false', tokens.board, 'application/json');
    expect(json.status).toBe(422);
    expect(json.body.error.errors[0]).toMatchObject({ line: 1, column: 14, rule: 'json' });
    expect(await head()).toBe(before);
  });

  it('lets only the board and admins import, and asks everyone else to sign in', async () => {
    const file = form(['review.csv', NEW_SOURCES]);
    expect((await post(file, 'dryRun=true', null)).status).toBe(401);
    const auditor = await post(file, 'dryRun=true', tokens.auditor);
    expect(auditor.status).toBe(403);
    expect(auditor.body.error.code).toBe('FORBIDDEN');
    expect((await post(file, 'dryRun=true', tokens.officer)).status).toBe(403);
    expect((await post(file, 'dryRun=maybe')).status).toBe(400);
  });

  it('imports from the CLI: a dry run lists every row; a refusal names file:line:column and exits 1', async () => {
    const sources = join(dir, 'sources.csv');
    const recommendations = join(dir, 'recommendations.csv');
    writeFileSync(sources, NEW_SOURCES.replace(/e2e-board-review-2025/g, 'e2e-cli-review'));
    writeFileSync(
      recommendations,
      [
        RECOMMENDATIONS_HEADER,
        'E2E-CLI-1,e2e-cli-review,Early help,From the CLI,2025-03-02,,,,,',
      ].join('\n'),
    );
    const dry = cli(['register', 'import', sources, recommendations, '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('sources.csv:2: RECORD source e2e-cli-review');
    expect(dry.stdout).toContain('recommendations.csv:2: RECORD recommendation E2E-CLI-1');
    const before = await head();
    writeFileSync(
      recommendations,
      [
        RECOMMENDATIONS_HEADER,
        'E2E-CLI-1,e2e-cli-review,Early help,From the CLI,2025-02-30,,,,,',
      ].join('\n'),
    );
    const refused = cli(['register', 'import', sources, recommendations]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'recommendations.csv:2:5: proposedOn: BAD_USER_INPUT calendarDate',
    );
    expect(await head()).toBe(before);
    writeFileSync(
      recommendations,
      [
        RECOMMENDATIONS_HEADER,
        'E2E-CLI-1,e2e-cli-review,Early help,From the CLI,2025-03-02,,,,,',
      ].join('\n'),
    );
    const run = cli(['register', 'import', sources, recommendations]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ recorded: 2, errorCount: 0 });
  });
});
