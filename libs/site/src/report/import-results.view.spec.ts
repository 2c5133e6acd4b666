import { ErrorCode } from '@app/kernel';
import type { MilestoneImportResult, RowDetail } from '@app/rollout';
import { importResults } from './import-results.view';
import type { Names } from './report-words';

const names: Names = {
  areaName: (code) => ({ E09000022: 'Lambeth', E09000028: 'Southwark' })[code] ?? code,
  programmeName: 'Social Workers in Schools',
  milestones: [
    { key: 'schools-recruited', title: 'Schools recruited' },
    { key: 'social-workers-in-post', title: 'Social workers in post' },
  ],
};
const detail = (row: number, changes: Partial<RowDetail>): RowDetail => ({
  row,
  line: row + 1,
  programmeId: null,
  areaCode: 'E09000022',
  milestoneKey: 'schools-recruited',
  achievedOn: '2026-03-04',
  evidenceUrl: null,
  note: null,
  outcome: 'RECORD',
  ...changes,
});
const result = (changes: Partial<MilestoneImportResult>): MilestoneImportResult => ({
  programmeIds: ['swis'],
  dryRun: true,
  rows: 2,
  toRecord: 2,
  recorded: 0,
  unchanged: 0,
  errorCount: 0,
  errors: [],
  stoppedEarly: false,
  rowsDetail: [detail(1, {}), detail(2, { milestoneKey: 'social-workers-in-post' })],
  ...changes,
});

describe('the results of an import', () => {
  it('after a clean dry run, lists each row and offers to import the milestones it found', () => {
    const page = importResults(
      result({
        rowsDetail: [
          detail(1, { evidenceUrl: 'https://example.org/a', note: 'Six schools' }),
          detail(2, { milestoneKey: 'social-workers-in-post', outcome: 'UNCHANGED' }),
        ],
        toRecord: 1,
        unchanged: 1,
      }),
      names,
      ['E09000022'],
    );
    expect(page.importable).toBe(true);
    expect(page.importButton).toBe('Import 1 milestone');
    expect(page.problems).toEqual([]);
    expect(page.details).toEqual([
      {
        row: 1,
        area: 'Lambeth',
        milestone: 'Schools recruited',
        achievedOn: '4 March 2026',
        evidence: 'https://example.org/a',
        note: 'Six schools',
        outcome: { text: 'To be recorded', colour: 'green' },
      },
      expect.objectContaining({
        milestone: 'Social workers in post',
        outcome: { text: 'Already recorded', colour: 'grey' },
      }),
    ]);
  });

  it("lists every problem of every row in the forms' words, and offers nothing to import", () => {
    const page = importResults(
      result({
        errorCount: 4,
        toRecord: 0,
        errors: [
          {
            row: 1,
            line: 2,
            column: 'achievedOn',
            code: ErrorCode.BAD_USER_INPUT,
            rule: 'calendarDate',
            message: 'achievedOn "2026-02-30" must be a real date written YYYY-MM-DD',
          },
          {
            row: 1,
            line: 2,
            column: 'evidenceUrl',
            code: ErrorCode.BAD_USER_INPUT,
            rule: 'httpUrl',
            message: 'evidenceUrl "shared drive" must be an http(s) URL',
          },
          {
            row: 2,
            line: 3,
            column: 'areaCode',
            code: ErrorCode.FORBIDDEN,
            message: 'A LOCAL_AUTHORITY token for E09000022 may report only for its own area',
          },
          {
            row: 3,
            line: 4,
            column: null,
            code: ErrorCode.BAD_USER_INPUT,
            rule: 'closedQuote',
            message: 'Line 4: the quoted field opened on line 4 is never closed',
          },
        ],
        rowsDetail: [
          detail(1, { achievedOn: '2026-02-30', evidenceUrl: 'shared drive', outcome: 'ERROR' }),
          detail(2, { areaCode: 'E09000028', outcome: 'ERROR' }),
        ],
      }),
      names,
      ['E09000022'],
    );
    expect(page.importable).toBe(false);
    expect(page.problems).toEqual([
      {
        where: 'Row 1 (line 2)',
        column: 'achievedOn',
        text: 'The date the milestone was achieved must be a real date, written year-month-day, like 2026-12-04',
      },
      {
        where: 'Row 1 (line 2)',
        column: 'evidenceUrl',
        text: 'Enter the link to the evidence as a web address starting with https:// or http://, like https://www.example.com/report',
      },
      {
        where: 'Row 2 (line 3)',
        column: 'areaCode',
        text: 'You can report only for Lambeth, not for Southwark',
      },
      {
        where: 'Line 4',
        column: '',
        text: 'Line 4: the quoted field opened on line 4 is never closed',
      },
    ]);
    // A date that is not one is shown as typed, so it can be found in the file.
    expect(page.details[0].achievedOn).toBe('2026-02-30');
    expect(page.details[0].outcome.text).toBe('Has a problem');
  });

  it('names every area of an officer of several when a row is for another', () => {
    const page = importResults(
      result({
        errorCount: 1,
        errors: [
          {
            row: 2,
            line: 3,
            column: 'areaCode',
            code: ErrorCode.FORBIDDEN,
            message:
              'A LOCAL_AUTHORITY token for E09000022 and E09000028 may report only for its own area',
          },
        ],
        rowsDetail: [detail(1, {}), detail(2, { areaCode: 'E09000030', outcome: 'ERROR' })],
      }),
      {
        ...names,
        areaName: (code) => (code === 'E09000030' ? 'Tower Hamlets' : names.areaName(code)),
      },
      ['E09000022', 'E09000028'],
    );
    expect(page.problems).toEqual([
      {
        where: 'Row 2 (line 3)',
        column: 'areaCode',
        text: 'You can report only for Lambeth and Southwark, not for Tower Hamlets',
      },
    ]);
  });

  it("keeps the header's problems in the import's own words", () => {
    const page = importResults(
      result({
        rows: 0,
        errorCount: 1,
        rowsDetail: [],
        errors: [
          {
            row: 0,
            line: 1,
            column: 'achievedOn',
            code: ErrorCode.BAD_USER_INPUT,
            rule: 'requiredColumn',
            message: 'The header has no "achievedOn" column',
          },
        ],
      }),
      names,
      ['E09000022'],
    );
    expect(page.problems).toEqual([
      { where: 'Header', column: 'achievedOn', text: 'The header has no "achievedOn" column' },
    ]);
  });

  it('after a dry run that found nothing new, offers nothing to import', () => {
    expect(
      importResults(result({ toRecord: 0, unchanged: 2 }), names, ['E09000022']).importable,
    ).toBe(false);
    expect(
      importResults(result({ dryRun: false, recorded: 2 }), names, ['E09000022']).importable,
    ).toBe(false);
  });
});
