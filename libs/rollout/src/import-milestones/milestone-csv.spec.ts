import { Readable } from 'stream';
import { ErrorCode } from '@app/kernel';
import {
  CsvFileError,
  csvRecords,
  CsvRecord,
  readMilestoneHeader,
  readMilestoneRow,
} from './milestone-csv';

const records = async (chunks: (string | Buffer)[], max?: number): Promise<CsvRecord[]> => {
  const read: CsvRecord[] = [];
  for await (const record of csvRecords(Readable.from(chunks), max)) read.push(record);
  return read;
};
const failure = async (chunks: (string | Buffer)[], max?: number): Promise<unknown> =>
  records(chunks, max).then(
    () => new Error('expected the file to be refused'),
    (error: unknown) => error,
  );

const HEADER = 'areaCode,milestoneKey,achievedOn,evidenceUrl,note';
const header = (text = HEADER): CsvRecord => ({ row: 0, line: 1, fields: text.split(',') });

describe('milestone CSV: records', () => {
  it('reads records with RFC 4180 quoting, numbering rows after the header and lines from 1', async () => {
    const read = await records([
      `${HEADER}\n`,
      'E09000022,schools-recruited,2021-01-04,,"Recruited, at last"\n',
      'E09000022,trial-data-returned,2022-07-01,https://example.org/a,"She said ""done"""\n',
    ]);
    expect(read).toEqual([
      { row: 0, line: 1, fields: HEADER.split(',') },
      {
        row: 1,
        line: 2,
        fields: ['E09000022', 'schools-recruited', '2021-01-04', '', 'Recruited, at last'],
      },
      {
        row: 2,
        line: 3,
        fields: [
          'E09000022',
          'trial-data-returned',
          '2022-07-01',
          'https://example.org/a',
          'She said "done"',
        ],
      },
    ]);
  });

  it('handles CRLF, a byte order mark, a missing final newline and blank lines', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const read = await records([bom, 'a,b\r\n', '\r\n', 'c,d\r\n', 'e,f']);
    expect(read.map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(read.map((record) => [record.row, record.line])).toEqual([
      [0, 1],
      [1, 3],
      [2, 4],
    ]);
  });

  it('joins chunks split anywhere, even inside a multi-byte character', async () => {
    const text = 'name,note\nCafé,“quoted” – fine\n';
    const bytes = Buffer.from(text);
    const chunks = Array.from(bytes, (byte) => Buffer.from([byte]));
    expect((await records(chunks)).map((record) => record.fields)).toEqual([
      ['name', 'note'],
      ['Café', '“quoted” – fine'],
    ]);
  });

  it('reads a quoted field spanning lines as one record starting on its first line', async () => {
    const read = await records(['a,b\n1,"two\r\nlines"\n3,4\n']);
    expect(read.slice(1)).toEqual([
      { row: 1, line: 2, fields: ['1', 'two\nlines'] },
      { row: 2, line: 4, fields: ['3', '4'] },
    ]);
  });

  it('refuses a quoted field never closed, or a line longer than the cap', async () => {
    expect(await failure(['a,b\n1,"open\n2,3\n'])).toMatchObject({
      line: 2,
      details: { field: 'file', rule: 'closedQuote' },
    });
    expect(await failure(['a,b\n', 'x'.repeat(200)], 100)).toBeInstanceOf(CsvFileError);
    expect(await failure(['a,b\n"', 'x\n'.repeat(100)], 100)).toMatchObject({
      details: { rule: 'closedQuote' },
    });
  });
});

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
