import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalAuthorityRegister } from '@app/areas';
import { SqliteEventStore } from '@app/event-store';
import { type Actor, ErrorCode, FixedClock, readReferenceData, Role } from '@app/kernel';
import { SourcesReadModel, StoreSourceCatalogue } from '@app/sources';
import type { RecommendationsReadModel } from '../read-model/recommendations.read-model';
import { RegisterImport, type RegisterImportOptions } from './register-import';

const TODAY = '2026-12-01';
const LIMIT = 1024 * 1024;
const board: Actor = {
  id: 'board-1',
  name: 'Ada Board',
  role: Role.BOARD_MEMBER,
  organisation: null,
};

describe('register import', () => {
  let dir: string;
  let store: SqliteEventStore;
  let importer: RegisterImport;
  const waitFor = jest.fn(() => Promise.resolve(true));
  const run = (
    files: RegisterImportOptions['files'],
    options: Partial<RegisterImportOptions> = {},
    actor = board,
  ) => importer.run(actor, { files, dryRun: false, correlationId: 'corr-1', ...options });

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rt-register-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    importer = new RegisterImport(
      store,
      new FixedClock(new Date(`${TODAY}T12:00:00Z`)),
      LocalAuthorityRegister.shipped(),
      new StoreSourceCatalogue(store),
      { waitFor } as unknown as RecommendationsReadModel,
      { waitFor } as unknown as SourcesReadModel,
      LIMIT,
    );
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the shipped data, then finds every row unchanged', async () => {
    const files = [
      { name: 'sources.json', content: readReferenceData('sources.json') },
      { name: 'recommendations.json', content: readReferenceData('recommendations.json') },
    ];
    const first = await run(files);
    expect(first.errors).toEqual([]);
    expect(first.recorded).toBe(first.rows);
    const head = await store.headPosition();
    const again = await run(files, { dryRun: true });
    expect(again.errors).toEqual([]);
    expect(again.rowsDetail?.every((row) => row.outcome === 'UNCHANGED')).toBe(true);
    expect(await store.headPosition()).toBe(head);
  });

  const SOURCES = 'id,kind,title,publisher,publishedOn,url,themes';
  const RECOMMENDATIONS =
    'id,sourceId,theme,title,proposedOn,evidenceUrl,response,respondedOn,responseUrl,responseNote';
  const sources = (...rows: string[]) => ({
    name: 'sources.csv',
    content: [SOURCES, ...rows].join('\n'),
  });
  const recommendations = (...rows: string[]) => ({
    name: 'recommendations.csv',
    content: [RECOMMENDATIONS, ...rows].join('\n'),
  });
  const REVIEW = 'board-review,independent review,The review,The Board,2025-03-01,,Help; Care';
  const streams = async () =>
    [...new Set((await store.readAll()).map((event) => event.streamId))].sort();

  it('a dry run lists every row of every file with its outcome, and writes nothing', async () => {
    const result = await run(
      [
        sources(REVIEW),
        recommendations(
          'B-1,board-review,Help,One,2025-03-02,,noted,2025-04-01,https://example.org/r,Seen',
          'B-2,board-review,Nope,Two,2025-03-02,,,,,',
        ),
      ],
      { dryRun: true },
    );
    expect(result).toMatchObject({
      dryRun: true,
      rows: 3,
      toRecord: 2,
      recorded: 0,
      errorCount: 1,
    });
    expect(
      result.rowsDetail!.map(({ file, row, line, kind, id, outcome }) => [
        file,
        row,
        line,
        kind,
        id,
        outcome,
      ]),
    ).toEqual([
      ['sources.csv', 1, 2, 'source', 'board-review', 'RECORD'],
      ['recommendations.csv', 1, 2, 'recommendation', 'B-1', 'RECORD'],
      ['recommendations.csv', 1, 2, 'response', 'B-1', 'RECORD'],
      ['recommendations.csv', 2, 3, 'recommendation', 'B-2', 'ERROR'],
    ]);
    expect(result.errors).toEqual([
      {
        file: 'recommendations.csv',
        row: 2,
        line: 3,
        column: 3,
        field: 'theme',
        code: ErrorCode.BAD_USER_INPUT,
        rule: 'knownTheme',
        message: 'Theme "Nope" is not one of The review\'s themes',
      },
    ]);
    expect(await store.headPosition()).toBe(0);
  });

  it('is all or nothing across files: one bad row writes nothing of any file', async () => {
    const result = await run([
      sources(REVIEW),
      recommendations('B-1,board-review,Help,One,2025-02-02,,,,,'),
    ]);
    expect(result).toMatchObject({ recorded: 0, errorCount: 1 });
    expect(result.errors[0]).toMatchObject({
      field: 'proposedOn',
      column: 5,
      rule: 'notBeforeSource',
    });
    expect(await store.headPosition()).toBe(0);
  });

  it('lets recommendations name a source of the same import, writing everything in one append', async () => {
    const result = await run([
      recommendations(
        'B-1,board-review,Help,One,2025-03-02,https://example.org/one,accepted in principle,2025-04-01,https://example.org/r,Seen',
      ),
      sources(REVIEW),
    ]);
    expect(result).toMatchObject({ rows: 2, toRecord: 2, recorded: 2, errorCount: 0 });
    expect(await streams()).toEqual(['recommendation-B-1', 'source-board-review']);
    const events = await store.readAll();
    expect(events.map((event) => event.type)).toEqual([
      'SourceAdded',
      'RecommendationProposed',
      'RecommendationResponseRecorded',
    ]);
    expect(events[2].data).toEqual({
      decision: 'ACCEPTED_IN_PRINCIPLE',
      respondedOn: '2025-04-01',
      evidenceUrl: 'https://example.org/r',
      note: 'Seen',
    });
    expect(events[1].metadata).toMatchObject({
      actor: expect.objectContaining({ id: 'board-1' }),
      correlationId: 'corr-1',
      evidence: ['https://example.org/one'],
    });
    expect(waitFor).toHaveBeenCalledWith(3);
  });

  it('finds every row of a file sent again unchanged, and writes nothing', async () => {
    const files = [
      sources(REVIEW),
      recommendations(
        'B-1,board-review,Help,One,2025-03-02,,noted,2025-04-01,https://example.org/r,',
      ),
    ];
    await run(files);
    const again = await run(files);
    expect(again).toMatchObject({ rows: 2, toRecord: 0, recorded: 0, unchanged: 2, errorCount: 0 });
    expect(await store.headPosition()).toBe(3);
  });

  it('refuses a row whose id is recorded with other facts, saying what differs and what corrects it', async () => {
    await run([sources(REVIEW), recommendations('B-1,board-review,Help,One,2025-03-02,,,,,')]);
    const result = await run([
      sources('board-review,independent review,The review v2,The Board,2025-03-01,,Help; Care'),
      recommendations('B-1,board-review,Care,One,2025-03-02,,,,,'),
    ]);
    expect(result.errors.map(({ file, field, code, rule }) => [file, field, code, rule])).toEqual([
      ['sources.csv', 'title', ErrorCode.ALREADY_EXISTS, 'sameAsRecorded'],
      ['recommendations.csv', 'theme', ErrorCode.ALREADY_EXISTS, 'sameAsRecorded'],
    ]);
    expect(result.errors[0].message).toBe(
      'Source board-review is already recorded with other details (title is "The review" in the register, "The review v2" in the file); correct it with the correctSource mutation (themes may be added, never removed), or leave the row out',
    );
    expect(result.errors[1].message).toContain(
      'theme is "Help" in the register, "Care" in the file',
    );
    expect(await store.headPosition()).toBe(2);
  });

  it('names the earlier row of an id repeated in a file or across files', async () => {
    const result = await run([
      sources(REVIEW, REVIEW),
      recommendations(
        'B-1,board-review,Help,One,2025-03-02,,,,,',
        'B-1,board-review,Help,One,2025-03-02,,,,,',
      ),
      {
        name: 'more.csv',
        content: [RECOMMENDATIONS, 'B-1,board-review,Help,One,2025-03-02,,,,,'].join('\n'),
      },
    ]);
    expect(result.errors.map(({ file, row, message }) => [file, row, message])).toEqual([
      ['sources.csv', 2, 'The source board-review is already on row 1; list each source once'],
      [
        'recommendations.csv',
        2,
        'The recommendation B-1 is already on row 1; list each recommendation once',
      ],
      [
        'more.csv',
        1,
        'The recommendation B-1 is already on row 1 of recommendations.csv; list each recommendation once',
      ],
    ]);
  });

  it("applies the mutations' input rules, naming the column", async () => {
    const result = await run(
      [sources('Bad Id,inquiry,The review,The Board,2025-03-01,ftp://example.org,Help')],
      { dryRun: true },
    );
    expect(result.errors.map(({ field, rule }) => [field, rule])).toEqual([
      ['id', 'matches'],
      ['url', 'isUrl'],
    ]);
    expect(result.errors[1].message).toBe(
      'url must be an http(s) address such as https://www.gov.uk/...',
    );
  });

  it('lets only those who may record sources and decide recommendations import, before reading a byte', async () => {
    const officer: Actor = {
      id: 'la-1',
      name: 'Lou',
      role: Role.LOCAL_AUTHORITY,
      organisation: 'E09000022',
    };
    const auditor: Actor = { id: 'au-1', name: 'Ed', role: Role.AUDITOR, organisation: null };
    const unread = {
      name: 'never.csv',
      content: {
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('read')) }),
      },
    };
    for (const actor of [officer, auditor]) {
      await expect(run([unread], {}, actor)).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN });
    }
    const admin: Actor = { id: 'ad-1', name: 'Ann', role: Role.ADMIN, organisation: null };
    await expect(run([sources(REVIEW)], {}, admin)).resolves.toMatchObject({ recorded: 1 });
  });

  it('refuses files larger than the limit together', async () => {
    const big = 'x'.repeat(LIMIT / 2 + 1);
    await expect(
      run([
        { name: 'a.csv', content: big },
        { name: 'b.csv', content: big },
      ]),
    ).rejects.toMatchObject({ code: ErrorCode.PAYLOAD_TOO_LARGE });
  });

  it('loads a register of a hundred recommendations in one go', async () => {
    const rows = Array.from(
      { length: 100 },
      (_, i) =>
        `B-${i + 1},board-review,${i % 2 ? 'Care' : 'Help'},Recommendation ${i + 1},2025-03-02,,,,,`,
    );
    const result = await run([sources(REVIEW), recommendations(...rows)]);
    expect(result).toMatchObject({ rows: 101, recorded: 101, errorCount: 0 });
    expect((await streams()).length).toBe(101);
  });

  it('refuses a file that is neither kind, or unreadable, at its line', async () => {
    const result = await run([
      { name: 'plan.csv', content: 'areaCode,milestoneKey\nE09000022,x\n' },
      {
        name: 'broken.csv',
        content: `${SOURCES}\na,inquiry,"The review,The Board,2025-03-01,,Help\n`,
      },
      { name: 'bad.json', content: '{"sources": [1, }' },
    ]);
    expect(
      result.errors.map(({ file, row, line, column, rule }) => [file, row, line, column, rule]),
    ).toEqual([
      ['plan.csv', 0, 1, null, 'header'],
      ['broken.csv', 1, 2, null, 'closedQuote'],
      ['bad.json', 0, 1, 17, 'json'],
    ]);
  });
});
