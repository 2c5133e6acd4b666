import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Readable } from 'stream';
import { AreaSuccessions, areaStream, LocalAuthorityRegister } from '@app/areas';
import { EventStore, SqliteEventStore } from '@app/event-store';
import { Actor, ErrorCode, FixedClock, metadataOf, Role, seedContext } from '@app/kernel';
import { AreaRollouts } from '../area-rollouts/area-rollouts';
import { areaRolloutStream } from '../domain/area-rollout';
import { programmeStream } from '../domain/programme';
import { RolloutReadModel } from '../read-model/rollout.read-model';
import {
  importCommandId,
  MAX_ERRORS,
  MilestoneImport,
  MilestoneImportOptions,
} from './milestone-import';

const PROGRAMME = 'hubs';
const OTHER_PROGRAMME = 'schools';
const LAMBETH = 'E09000022';
const SOUTHWARK = 'E09000028';
const CUMBRIA = 'E10000006';
const CITY = 'E09000001'; // never enrolled
const HEADER = 'areaCode,milestoneKey,achievedOn,evidenceUrl,note';
const TODAY = '2025-06-01';

const board: Actor = {
  id: 'board-1',
  name: 'Ada Board',
  role: Role.BOARD_MEMBER,
  organisation: null,
};
const lambethOfficer: Actor = {
  id: 'la-1',
  name: 'Lou Lambeth',
  role: Role.LOCAL_AUTHORITY,
  organisation: LAMBETH,
};

const csv = (...lines: string[]): Readable => Readable.from([lines.join('\n') + '\n']);

describe('milestone import', () => {
  let dir: string;
  let store: SqliteEventStore;
  let waitFor: jest.Mock;
  let importer: MilestoneImport;

  /** Given these events on a stream (metadata as the seeder writes it). */
  const given = async (streamId: string, ...events: { type: string; data: object }[]) => {
    const metadata = metadataOf(seedContext(`given-${streamId}`, '2020-01-01', 'given'));
    await store.append(
      streamId,
      events.map((event) => ({
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: metadata as unknown as Record<string, unknown>,
      })),
      'any',
    );
  };
  const programme = (id: string, keys: string[]) =>
    given(programmeStream(id), {
      type: 'ProgrammeCreated',
      data: {
        id,
        name: `Programme ${id}`,
        recommendations: ['CSC-FAMILY-HELP'],
        milestones: keys.map((key) => ({ key, title: key, description: null })),
      },
    });
  const enrol = (programmeId: string, areaCode: string, enrolledOn = '2020-01-01') =>
    given(areaRolloutStream(programmeId, areaCode), {
      type: 'AreaEnrolled',
      data: { enrolledOn, pilot: false, wave: null },
    });
  const achieved = (programmeId: string, areaCode: string, milestoneKey: string, on: string) =>
    given(areaRolloutStream(programmeId, areaCode), {
      type: 'MilestoneAchieved',
      data: { milestoneKey, achievedOn: on, note: null },
    });
  const types = async (programmeId: string, areaCode: string) =>
    (await store.readStream(areaRolloutStream(programmeId, areaCode))).map((event) =>
      event.type === 'MilestoneAchieved'
        ? `${String(event.data.milestoneKey)}@${String(event.data.achievedOn)}`
        : event.type,
    );

  const run = (
    input: Readable,
    actor: Actor = board,
    options: Partial<MilestoneImportOptions> = {},
    using: EventStore = store,
  ) => {
    const service =
      using === store
        ? importer
        : new MilestoneImport(
            using,
            new FixedClock(new Date(`${TODAY}T12:00:00Z`)),
            LocalAuthorityRegister.shipped(),
            new AreaSuccessions(using),
            { waitFor } as unknown as RolloutReadModel,
            new AreaRollouts(using, { waitFor } as unknown as RolloutReadModel),
          );
    return service.run(input, actor, {
      programmeId: PROGRAMME,
      dryRun: false,
      source: 'plan.csv',
      correlationId: 'corr-1',
      ...options,
    });
  };

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rt-import-'));
    store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    waitFor = jest.fn(() => Promise.resolve(true));
    importer = new MilestoneImport(
      store,
      new FixedClock(new Date(`${TODAY}T12:00:00Z`)),
      LocalAuthorityRegister.shipped(),
      new AreaSuccessions(store),
      { waitFor } as unknown as RolloutReadModel,
      new AreaRollouts(store, { waitFor } as unknown as RolloutReadModel),
    );
    await programme(PROGRAMME, ['plan-agreed', 'hub-open', 'evidence-returned']);
    await programme(OTHER_PROGRAMME, ['schools-recruited']);
    for (const area of [LAMBETH, SOUTHWARK, CUMBRIA]) await enrol(PROGRAMME, area);
    await enrol(OTHER_PROGRAMME, LAMBETH);
    await achieved(PROGRAMME, LAMBETH, 'plan-agreed', '2023-02-01');
    await given(areaStream(CUMBRIA), {
      type: 'AreaSucceeded',
      data: {
        areaCode: CUMBRIA,
        successors: ['E06000063', 'E06000064'],
        effectiveFrom: '2023-04-01',
      },
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a dry run', () => {
    it('reports each row as RECORD or UNCHANGED and writes nothing', async () => {
      const head = await store.headPosition();
      const result = await run(
        csv(
          HEADER,
          `${LAMBETH},plan-agreed,2023-02-01,,`,
          `${LAMBETH},hub-open,2023-06-01,https://example.org/hub,First hub`,
          `${SOUTHWARK},plan-agreed,2024-01-10,,`,
          `${LAMBETH},hub-open,2023-06-01,,repeated`,
        ),
        board,
        { dryRun: true },
      );
      expect(result).toMatchObject({
        programmeIds: [PROGRAMME],
        dryRun: true,
        rows: 4,
        toRecord: 2,
        recorded: 0,
        unchanged: 2,
        errorCount: 0,
        errors: [],
      });
      expect(result.rowsDetail?.map((row) => [row.row, row.areaCode, row.outcome])).toEqual([
        [1, LAMBETH, 'UNCHANGED'],
        [2, LAMBETH, 'RECORD'],
        [3, SOUTHWARK, 'RECORD'],
        [4, LAMBETH, 'UNCHANGED'],
      ]);
      expect(await store.headPosition()).toBe(head);
    });
  });

  describe("the file name, which goes into every event's reason", () => {
    it('refuses a name of 60,000 characters with a right-to-left override, writing nothing', async () => {
      const head = await store.headPosition();
      const source = `\u202E${'x'.repeat(60_000)}vsc.exe`;
      const refused = run(csv(HEADER, `${SOUTHWARK},plan-agreed,2024-01-10,,`), board, { source });
      await expect(refused).rejects.toMatchObject({
        code: ErrorCode.BAD_USER_INPUT,
        details: { field: 'filename', rule: 'maxLength' },
        message: 'filename must be 255 characters or fewer (it has 60008)',
      });
      await expect(
        run(csv(HEADER, `${SOUTHWARK},plan-agreed,2024-01-10,,`), board, {
          source: '\u202Evsc.exe',
        }),
      ).rejects.toMatchObject({ details: { field: 'filename', rule: 'noDirectionOverrides' } });
      expect(await store.headPosition()).toBe(head);
    });
  });

  describe('a real run', () => {
    it('records every new milestone with the envelope of an import, then waits for the read model', async () => {
      const result = await run(
        csv(
          HEADER,
          `${LAMBETH},hub-open,2023-06-01,https://example.org/hub,"First hub, Brixton"`,
          `${SOUTHWARK},plan-agreed,2024-01-10,,`,
          `${LAMBETH},plan-agreed,2023-02-01,,already there`,
        ),
      );
      expect(result).toMatchObject({
        rows: 3,
        toRecord: 2,
        recorded: 2,
        unchanged: 1,
        errorCount: 0,
      });
      expect(result.rowsDetail).toBeUndefined();
      expect(await types(PROGRAMME, LAMBETH)).toEqual([
        'AreaEnrolled',
        'plan-agreed@2023-02-01',
        'hub-open@2023-06-01',
      ]);
      const [hub] = await store.readStream(areaRolloutStream(PROGRAMME, LAMBETH), {
        fromVersion: 3,
      });
      expect(hub.data).toEqual({
        milestoneKey: 'hub-open',
        achievedOn: '2023-06-01',
        note: 'First hub, Brixton',
      });
      expect(hub.metadata).toEqual({
        actor: board,
        // Midnight on 1 June in England (British Summer Time).
        occurredAt: '2023-05-31T23:00:00.000Z',
        reason: 'Imported from plan.csv, row 1',
        evidence: ['https://example.org/hub'],
        commandId: importCommandId(PROGRAMME, LAMBETH, {
          milestoneKey: 'hub-open',
          achievedOn: '2023-06-01',
        }),
        correlationId: 'corr-1',
        causationId: null,
      });
      expect(waitFor).toHaveBeenCalledWith(await store.headPosition(), expect.any(String));
    });

    it('writes nothing new when the same file comes again', async () => {
      const file = [
        HEADER,
        `${LAMBETH},hub-open,2023-06-01,,`,
        `${SOUTHWARK},hub-open,2024-03-01,,`,
      ];
      expect((await run(csv(...file))).recorded).toBe(2);
      const head = await store.headPosition();
      expect(await run(csv(...file))).toMatchObject({ recorded: 0, toRecord: 0, unchanged: 2 });
      expect(await store.headPosition()).toBe(head);
    });

    it('reads the programme from a programmeId column, one programme or several', async () => {
      const result = await run(
        csv(
          `programmeId,${HEADER}`,
          `${PROGRAMME},${LAMBETH},hub-open,2023-06-01,,`,
          `${OTHER_PROGRAMME},${LAMBETH},schools-recruited,2021-01-04,,`,
        ),
        board,
        { programmeId: null },
      );
      expect(result).toMatchObject({
        programmeIds: [PROGRAMME, OTHER_PROGRAMME].sort(),
        recorded: 2,
      });
      expect(await types(OTHER_PROGRAMME, LAMBETH)).toEqual([
        'AreaEnrolled',
        'schools-recruited@2021-01-04',
      ]);
    });

    it('decides again once when an area was written meanwhile', async () => {
      let raced = false;
      const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
        appendMany: async (appends: Parameters<EventStore['appendMany']>[0]) => {
          if (!raced) {
            raced = true;
            await achieved(PROGRAMME, SOUTHWARK, 'hub-open', '2024-02-02');
          }
          return store.appendMany(appends);
        },
      });
      const result = await run(
        csv(HEADER, `${LAMBETH},hub-open,2023-06-01,,`, `${SOUTHWARK},hub-open,2024-02-02,,`),
        board,
        {},
        racing,
      );
      expect(result).toMatchObject({ recorded: 1, toRecord: 1, unchanged: 1, errorCount: 0 });
      expect(await types(PROGRAMME, SOUTHWARK)).toEqual(['AreaEnrolled', 'hub-open@2024-02-02']);
    });

    it('refuses the file when the race leaves a row in conflict with what is stored now', async () => {
      const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
        appendMany: async (appends: Parameters<EventStore['appendMany']>[0]) => {
          await achieved(PROGRAMME, SOUTHWARK, 'hub-open', '2024-05-05');
          return store.appendMany(appends);
        },
      });
      const result = await run(
        csv(HEADER, `${LAMBETH},hub-open,2023-06-01,,`, `${SOUTHWARK},hub-open,2024-02-02,,`),
        board,
        {},
        racing,
      );
      expect(result).toMatchObject({ recorded: 0, errorCount: 1 });
      expect(result.errors[0]).toMatchObject({ row: 2, code: ErrorCode.ALREADY_EXISTS });
      expect(await types(PROGRAMME, LAMBETH)).not.toContain('hub-open@2023-06-01');
    });
  });

  describe('files as spreadsheets write them', () => {
    const NOTE = 'Cost £5, €6 – Zoë’s café\r\nSecond line';
    const bytes = (text: string): Readable => Readable.from([Buffer.from(text)]);
    const noteOf = async (areaCode: string) =>
      (await store.readStream(areaRolloutStream(PROGRAMME, areaCode))).find(
        (event) => event.type === 'MilestoneAchieved' && event.data.milestoneKey === 'hub-open',
      )?.data.note;

    it('refuses two stray quotes, which used to merge two rows into one note, naming line and column', async () => {
      const head = await store.headPosition();
      const result = await run(
        csv(
          HEADER,
          `${LAMBETH},hub-open,2023-06-01,,Opened in the "new wing`,
          `${SOUTHWARK},hub-open,2024-03-01,,the hub" opened`,
        ),
      );
      expect(result).toMatchObject({ recorded: 0, errorCount: 1 });
      expect(result.errors).toEqual([
        {
          row: 1,
          line: 2,
          column: 'note',
          code: ErrorCode.BAD_USER_INPUT,
          rule: 'quotedField',
          message:
            'Line 2, column E (note): a quote inside an unquoted field; a field holding a quote (") must be in quotes itself, with each quote inside written twice ("")',
        },
      ]);
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a file saved as Windows-1252, saying where and how to save it, writing nothing', async () => {
      const head = await store.headPosition();
      const cp1252 = Buffer.concat([
        Buffer.from(`${HEADER}\r\n${SOUTHWARK},hub-open,2024-03-01,,Cost `),
        Buffer.from([0xa3, 0x35]), // £5
        Buffer.from('\r\n'),
      ]);
      const result = await run(Readable.from([cp1252]));
      expect(result).toMatchObject({ rows: 0, recorded: 0, errorCount: 1 });
      expect(result.errors[0]).toMatchObject({ line: 2, column: null, rule: 'encoding' });
      expect(result.errors[0].message).toContain(
        'line 2, character 37 has the byte 0xA3, as a file saved in another encoding (such as Windows-1252) would; save the file as CSV UTF-8 (comma delimited)',
      );
      expect(await store.headPosition()).toBe(head);
    });

    it('records text exactly as written, from UTF-8 with a byte order mark or UTF-16, line breaks and all', async () => {
      const file = `${HEADER}\r\n${LAMBETH},hub-open,2023-06-01,,"${NOTE}"\r\n,,,,\r\n,,,,\r\n`;
      expect(await run(bytes(`\uFEFF${file}`))).toMatchObject({ rows: 1, recorded: 1 });
      expect(await noteOf(LAMBETH)).toBe(NOTE);
      const utf16le = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(file.replace(LAMBETH, SOUTHWARK), 'utf16le'),
      ]);
      expect(await run(Readable.from([utf16le]))).toMatchObject({ rows: 1, recorded: 1 });
      expect(await noteOf(SOUTHWARK)).toBe(NOTE);
    });

    it('shows in a dry run the values each row would record', async () => {
      const result = await run(
        bytes(
          `${HEADER}\r\n${LAMBETH},hub-open,2023-06-01,https://example.org/a,"${NOTE}"\r\n${SOUTHWARK},hub-open,2023-06-01,,"Bell\u0007"\r\n`,
        ),
        board,
        { dryRun: true },
      );
      expect(result.rowsDetail).toEqual([
        {
          row: 1,
          line: 2,
          programmeId: PROGRAMME,
          areaCode: LAMBETH,
          milestoneKey: 'hub-open',
          achievedOn: '2023-06-01',
          evidenceUrl: 'https://example.org/a',
          note: NOTE,
          outcome: 'RECORD',
        },
        {
          row: 2,
          line: 4,
          programmeId: null,
          areaCode: SOUTHWARK,
          milestoneKey: 'hub-open',
          achievedOn: '2023-06-01',
          evidenceUrl: null,
          note: 'Bell\u0007',
          outcome: 'ERROR',
        },
      ]);
    });

    it("refuses a file separated by semicolons (Excel's list separator in much of Europe)", async () => {
      const result = await run(csv(HEADER.replace(/,/g, ';'), `${LAMBETH};hub-open;2023-06-01;;`));
      expect(result.errors).toEqual([
        expect.objectContaining({
          row: 0,
          rule: 'commaSeparated',
          message: expect.stringContaining('save the file as CSV UTF-8 (comma delimited)'),
        }),
      ]);
    });
  });

  describe('a refused file', () => {
    it('lists every bad row by number and column, and writes nothing', async () => {
      const head = await store.headPosition();
      const result = await run(
        csv(
          HEADER,
          `${LAMBETH},hub-open,2023-06-01,,fine on its own`,
          `E09999999,hub-open,2023-06-01,,`,
          `${LAMBETH},hub-opened,2023-06-01,,`,
          `${SOUTHWARK},hub-open,2023-02-30,,`,
          `${SOUTHWARK},hub-open,2025-06-02,,`,
          `${CITY},hub-open,2023-06-01,,`,
          `${CUMBRIA},hub-open,2023-05-01,,`,
          `${LAMBETH},plan-agreed,2023-03-01,,`,
          `${LAMBETH},hub-open,2023-07-01,,`,
          `${SOUTHWARK},evidence-returned,2024-01-01,mailto:x@example.org,`,
          `${SOUTHWARK},plan-agreed`,
        ),
      );
      expect(result).toMatchObject({ rows: 11, recorded: 0, toRecord: 1, errorCount: 10 });
      expect(
        result.errors.map((error) => [error.row, error.column, error.code, error.rule]),
      ).toEqual([
        [2, 'areaCode', ErrorCode.UNKNOWN_AREA, undefined],
        [3, 'milestoneKey', ErrorCode.BAD_USER_INPUT, 'knownMilestone'],
        [4, 'achievedOn', ErrorCode.BAD_USER_INPUT, 'calendarDate'],
        [5, 'achievedOn', ErrorCode.BAD_USER_INPUT, 'notInFuture'],
        [6, 'areaCode', ErrorCode.NOT_FOUND, undefined],
        [7, 'areaCode', ErrorCode.AREA_REPLACED, undefined],
        [8, 'milestoneKey', ErrorCode.ALREADY_EXISTS, undefined],
        [9, 'achievedOn', ErrorCode.BAD_USER_INPUT, 'consistentWithinFile'],
        [10, 'evidenceUrl', ErrorCode.BAD_USER_INPUT, 'httpUrl'],
        [11, null, ErrorCode.BAD_USER_INPUT, 'fieldCount'],
      ]);
      expect(result.errors[0]).toMatchObject({
        line: 3,
        message: expect.stringContaining('E09999999'),
      });
      expect(result.errors[6].message).toContain('correctMilestone');
      expect(result.errors[7].message).toContain('Row 1');
      expect(await store.headPosition()).toBe(head);
    });

    it("refuses a local authority's rows for any area but its own", async () => {
      const result = await run(
        csv(HEADER, `${LAMBETH},hub-open,2023-06-01,,`, `${SOUTHWARK},hub-open,2023-06-01,,`),
        lambethOfficer,
      );
      expect(result).toMatchObject({ recorded: 0, errorCount: 1 });
      expect(result.errors[0]).toMatchObject({
        row: 2,
        column: 'areaCode',
        code: ErrorCode.FORBIDDEN,
      });
      expect(await types(PROGRAMME, LAMBETH)).not.toContain('hub-open@2023-06-01');
      const own = await run(csv(HEADER, `${LAMBETH},hub-open,2023-06-01,,`), lambethOfficer);
      expect(own).toMatchObject({ recorded: 1, errorCount: 0 });
    });

    it('refuses every row of a role that does not report (an auditor), writing nothing', async () => {
      const auditor: Actor = {
        id: 'au-1',
        name: 'Ed Auditor',
        role: Role.AUDITOR,
        organisation: null,
      };
      const head = await store.headPosition();
      const result = await run(
        csv(HEADER, `${LAMBETH},hub-open,2023-06-01,,`, `${SOUTHWARK},hub-open,2023-06-01,,`),
        auditor,
      );
      expect(result).toMatchObject({ recorded: 0, errorCount: 2 });
      expect(result.errors.map((error) => [error.row, error.code])).toEqual([
        [1, ErrorCode.FORBIDDEN],
        [2, ErrorCode.FORBIDDEN],
      ]);
      expect(await store.headPosition()).toBe(head);
    });

    it('refuses a header with unknown or missing columns, naming each', async () => {
      const result = await run(
        csv('areaCode,milestone,achievedOn,note', `${LAMBETH},x,2023-06-01,`),
      );
      expect(result).toMatchObject({ rows: 0, recorded: 0, errorCount: 3 });
      expect(result.errors.map((error) => [error.row, error.column, error.rule])).toEqual([
        [0, 'milestone', 'knownColumn'],
        [0, 'milestoneKey', 'requiredColumn'],
        [0, 'evidenceUrl', 'requiredColumn'],
      ]);
    });

    it('refuses a file naming no programme, an empty file, and a row for another programme', async () => {
      const unnamed = await run(csv(HEADER, `${LAMBETH},hub-open,2023-06-01,,`), board, {
        programmeId: null,
      });
      expect(unnamed.errors).toEqual([
        expect.objectContaining({ row: 0, column: 'programmeId', rule: 'required' }),
      ]);
      const empty = await run(Readable.from([]));
      expect(empty.errors).toEqual([expect.objectContaining({ row: 0, rule: 'header' })]);
      const mixed = await run(
        csv(
          `programmeId,${HEADER}`,
          `${OTHER_PROGRAMME},${LAMBETH},schools-recruited,2021-01-04,,`,
        ),
      );
      expect(mixed.errors).toEqual([
        expect.objectContaining({ row: 1, column: 'programmeId', rule: 'matchesQuery' }),
      ]);
    });

    it('refuses an unknown programme before reading the file', async () => {
      const read = jest.fn();
      const input = (function* () {
        read();
        yield HEADER;
      })();
      await expect(run(Readable.from(input), board, { programmeId: 'nope' })).rejects.toMatchObject(
        {
          code: ErrorCode.NOT_FOUND,
        },
      );
      expect(read).not.toHaveBeenCalled();
    });

    it('stops at the 1,000th error and reads no further rows', async () => {
      let linesRead = 0;
      function* lines() {
        yield `programmeId,${HEADER}\n`;
        for (let i = 1; i <= 200_000; i++) {
          linesRead++;
          yield `made-up-${i},${LAMBETH},plan-agreed,2023-06-01,,\n`;
        }
      }
      const result = await run(Readable.from(lines()), board, { programmeId: null });
      expect(result).toMatchObject({
        rows: MAX_ERRORS,
        errorCount: MAX_ERRORS,
        stoppedEarly: true,
      });
      expect(result.errors).toHaveLength(MAX_ERRORS);
      expect(result.errors[MAX_ERRORS - 1]).toMatchObject({ row: 1000, code: 'NOT_FOUND' });
      expect(linesRead).toBeLessThan(MAX_ERRORS + 10);
      expect(await types(PROGRAMME, SOUTHWARK)).toEqual(['AreaEnrolled']);
    });

    it('lists every error of a file with fewer than 1,000, and checks every row', async () => {
      const rows = Array.from({ length: 999 }, () => `${LAMBETH},no-such-milestone,2023-06-01,,`);
      const result = await run(csv(HEADER, ...rows, `${SOUTHWARK},hub-open,2024-01-01,,`));
      expect(result).toMatchObject({ rows: 1000, errorCount: 999, stoppedEarly: false });
    });
  });

  it("records a successor's rows on the enrolment it inherits, the inheritance once and first", async () => {
    const cumberland = 'E06000063';
    const officer: Actor = { ...lambethOfficer, id: 'la-2', organisation: cumberland };
    const result = await run(
      csv(
        HEADER,
        `${cumberland},hub-open,2023-06-01,,`,
        `${cumberland},evidence-returned,2024-01-10,,`,
      ),
      officer,
    );
    expect(result).toMatchObject({ recorded: 2, errorCount: 0 });
    const stored = await store.readStream(areaRolloutStream(PROGRAMME, cumberland));
    expect(stored.map((event) => [event.type, event.data])).toEqual([
      [
        'AreaEnrolled',
        { enrolledOn: '2023-04-01', pilot: false, wave: null, inheritedFrom: CUMBRIA },
      ],
      ['MilestoneAchieved', { milestoneKey: 'hub-open', achievedOn: '2023-06-01', note: null }],
      [
        'MilestoneAchieved',
        { milestoneKey: 'evidence-returned', achievedOn: '2024-01-10', note: null },
      ],
    ]);
    // Cumbria's own rows after the succession stay refused.
    const refused = await run(csv(HEADER, `${CUMBRIA},hub-open,2023-05-01,,`));
    expect(refused.errors.map((error) => error.code)).toEqual([ErrorCode.AREA_REPLACED]);
  });

  it('reads a large file in one pass, keeping state per area and milestone, not per row', async () => {
    const progress: number[] = [];
    function* rows() {
      yield `${HEADER}\n`;
      for (let i = 0; i < 20_000; i++) {
        const area = i % 2 === 0 ? LAMBETH : SOUTHWARK;
        const key = ['plan-agreed', 'hub-open', 'evidence-returned'][i % 3];
        const date = key === 'plan-agreed' && area === LAMBETH ? '2023-02-01' : '2024-01-01';
        yield `${area},${key},${date},,\n`;
      }
    }
    const result = await run(Readable.from(rows()), board, {
      onProgress: (count) => progress.push(count),
    });
    expect(result).toMatchObject({ rows: 20_000, recorded: 5, toRecord: 5, unchanged: 19_995 });
    expect(progress.slice(0, 3)).toEqual([1000, 2000, 3000]);
    expect(progress[progress.length - 1]).toBe(20_000);
  });
});
