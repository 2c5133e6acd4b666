import { ErrorCode } from '@app/kernel';
import type { CsvRecord } from '@app/platform';
import { readMilestoneHeader, readMilestoneRow } from './milestone-csv';

const HEADER = 'areaCode,milestoneKey,achievedOn,evidenceUrl,note';
const header = (text = HEADER): CsvRecord => ({ row: 0, line: 1, fields: text.split(',') });

describe('milestone CSV: header', () => {
  it('takes the columns in any order, with or without programmeId', () => {
    const { columns, errors } = readMilestoneHeader(
      header('note, achievedOn,programmeId,areaCode,evidenceUrl,milestoneKey'),
    );
    expect(errors).toEqual([]);
    expect(columns.get('areaCode')).toBe(3);
    expect(columns.get('programmeId')).toBe(2);
  });

  it('names every unknown, repeated or missing column', () => {
    const { errors } = readMilestoneHeader(header('areaCode,milestone,achievedOn,note,note,'));
    expect(errors.map((error) => [error.column, error.rule])).toEqual([
      ['milestone', 'knownColumn'],
      ['note', 'uniqueColumn'],
      [null, 'knownColumn'],
      ['milestoneKey', 'requiredColumn'],
      ['evidenceUrl', 'requiredColumn'],
    ]);
    expect(
      errors.every((error) => error.row === 0 && error.code === ErrorCode.BAD_USER_INPUT),
    ).toBe(true);
  });
});

describe('milestone CSV: separators', () => {
  it.each([
    [';', 'semicolons (;)'],
    ['\t', 'tabs'],
  ])('refuses a header separated by %j, with how to save it with commas', (separator, name) => {
    const fields = [HEADER.replace(/,/g, separator)];
    const { errors } = readMilestoneHeader({ row: 0, line: 1, fields });
    expect(errors).toEqual([
      {
        row: 0,
        line: 1,
        column: null,
        code: ErrorCode.BAD_USER_INPUT,
        rule: 'commaSeparated',
        message: `The header's columns are separated by ${name}, not commas; in Excel, save the file as CSV UTF-8 (comma delimited) (or set the list separator to a comma) and import it again`,
      },
    ]);
  });
});

describe('milestone CSV: rows', () => {
  const { columns } = readMilestoneHeader(header(`programmeId,${HEADER}`));
  const row = (fields: string[]) => readMilestoneRow({ row: 7, line: 8, fields }, columns);

  it('reads a row, trimming fields and leaving empty optional ones null', () => {
    expect(row(['', ' E09000022 ', 'schools-recruited', '2021-01-04', '', ''])).toEqual({
      row: {
        row: 7,
        line: 8,
        programmeId: null,
        areaCode: 'E09000022',
        milestoneKey: 'schools-recruited',
        achievedOn: '2021-01-04',
        evidenceUrl: null,
        note: null,
      },
      errors: [],
    });
  });

  it('names the column and rule of every bad field in the row', () => {
    const { row: read, errors } = row([
      'Not An Id',
      'Lambeth',
      '',
      '2023-02-30',
      'ftp://example.org/x',
      'n'.repeat(4001),
    ]);
    expect(read).toBeNull();
    expect(errors.map((error) => [error.row, error.column, error.rule])).toEqual([
      [7, 'programmeId', 'pattern'],
      [7, 'areaCode', 'pattern'],
      [7, 'milestoneKey', 'required'],
      [7, 'achievedOn', 'calendarDate'],
      [7, 'evidenceUrl', 'httpUrl'],
      [7, 'note', 'maxLength'],
    ]);
  });

  it('holds note and evidenceUrl cells to the text rule of every event text', () => {
    const cells = (evidenceUrl: string, note: string) =>
      row(['', 'E09000022', 'schools-recruited', '2024-01-01', evidenceUrl, note]).errors.map(
        (error) => [error.column, error.rule, error.message],
      );
    expect(cells('https://example.org/a', 'Two\nlines\tand a tab')).toEqual([]);
    expect(cells('', 'Signed \u202Efdp.exe')).toEqual([
      [
        'note',
        'noDirectionOverrides',
        'note must not contain characters that override the direction of text (bidirectional overrides or isolates)',
      ],
    ]);
    expect(cells('', 'bell\u0007')).toEqual([
      ['note', 'noControlCharacters', 'note must not contain control characters'],
    ]);
    expect(cells('https://example.org/\u2066a', 'half \uD83D')).toEqual([
      ['evidenceUrl', 'noDirectionOverrides', expect.stringContaining('evidenceUrl must not')],
      ['note', 'wellFormed', expect.stringContaining('note must not contain broken characters')],
    ]);
  });

  it('refuses a row with more or fewer fields than the header', () => {
    expect(row(['E09000022', 'schools-recruited']).errors).toEqual([
      expect.objectContaining({ row: 7, column: null, rule: 'fieldCount' }),
    ]);
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    const date = (achievedOn: string) =>
      row(['', 'E09000022', 'schools-recruited', achievedOn, '', '']).errors.length;
    expect(date('2024-02-29')).toBe(0);
    expect(date('2023-02-29')).toBe(1);
    expect(date('2024-2-29')).toBe(1);
    expect(date('2024-02-29T00:00:00Z')).toBe(1);
    expect(date('29/02/2024')).toBe(1);
  });
});
