import { Readable } from 'stream';
import { CsvFileError } from './csv-text';
import { csvRecords, type CsvRecord } from './csv-records';

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

// A milestone file's header: the records read are those of any import's file.
const HEADER = 'areaCode,milestoneKey,achievedOn,evidenceUrl,note';

describe('import CSV: records', () => {
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

  it('reads a quoted field spanning lines as one record starting on its first line, its line breaks as written', async () => {
    const read = await records(['a,b\n1,"two\r\nlines"\n3,4\n']);
    expect(read.slice(1)).toEqual([
      { row: 1, line: 2, fields: ['1', 'two\r\nlines'] },
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
      line: 2,
      details: { rule: 'lineLength' },
    });
  });
});

/** The bytes Excel writes for text, in each of the encodings it saves CSV in. */
const windows1252 = (text: string): Buffer =>
  Buffer.from(
    Array.from(
      text,
      (char) => ({ '£': 0xa3, '€': 0x80, '’': 0x92, é: 0xe9 })[char] ?? char.charCodeAt(0),
    ),
  );
const utf16 = (text: string, order: 'le' | 'be'): Buffer => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return order === 'le' ? le : Buffer.from(le).swap16();
};
const NOTE = 'Cost £5, €6 – Zoë’s café';

describe('import CSV: encodings', () => {
  const file = `${HEADER}\r\nE09000022,plan,2024-01-01,,"${NOTE}"\r\n`;

  it('reads UTF-8 with or without a byte order mark', async () => {
    for (const bytes of [Buffer.from(`\uFEFF${file}`), Buffer.from(file)]) {
      const read = await records([bytes]);
      expect(read[0].fields[0]).toBe('areaCode');
      expect(read[1].fields[4]).toBe(NOTE);
    }
  });

  it('reads UTF-16 with its byte order mark, little- or big-endian, split anywhere', async () => {
    for (const bytes of [utf16(file, 'le'), utf16(file, 'be')]) {
      const read = await records(Array.from(bytes, (byte) => Buffer.from([byte])));
      expect(read.map((record) => record.fields)).toEqual([
        HEADER.split(','),
        ['E09000022', 'plan', '2024-01-01', '', NOTE],
      ]);
    }
  });

  it('refuses Windows-1252 ("CSV (comma delimited)") naming the line and character of the first bad byte', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\r\nE09000022,plan,2024-01-01,,"ok"\r\n`),
      windows1252(`E09000022,open,2024-02-01,,"${NOTE}"\r\n`),
    ]);
    const error = await failure([bytes]);
    expect(error).toBeInstanceOf(CsvFileError);
    expect(error).toMatchObject({ line: 3, details: { field: 'file', rule: 'encoding' } });
    expect((error as Error).message).toBe(
      'The file is not UTF-8: line 3, character 34 has the byte 0xA3, as a file saved in another encoding (such as Windows-1252) would; save the file as CSV UTF-8 (comma delimited) and import it again',
    );
    // The same wherever the chunks break, and for a byte starting a sequence never completed.
    const split = await failure(Array.from(bytes, (byte) => Buffer.from([byte])));
    expect((split as Error).message).toBe((error as Error).message);
    const e = await failure([Buffer.concat([Buffer.from('note\nok\ncaf'), windows1252('é\n')])]);
    expect((e as Error).message).toContain('line 3, character 4 has the byte 0xE9');
    const last = await failure([Buffer.concat([Buffer.from('note\ncaf'), windows1252('é')])]);
    expect((last as Error).message).toContain('line 2, character 4 has the byte 0xE9');
  });
});

describe('import CSV: RFC 4180 exactly', () => {
  it('refuses a quote inside an unquoted field, naming the line and the column', async () => {
    const error = await failure([`${HEADER}\nE09000022,plan,2024-01-01,,He said "hi"\n`]);
    expect(error).toMatchObject({ line: 2, column: 'note', details: { rule: 'quotedField' } });
    expect((error as Error).message).toBe(
      'Line 2, column E (note): a quote inside an unquoted field; a field holding a quote (") must be in quotes itself, with each quote inside written twice ("")',
    );
  });

  it('refuses text after a closing quote', async () => {
    const error = await failure([`${HEADER}\r\nE09000022,plan,2024-01-01,,"a\r\nb"c\r\n`]);
    expect(error).toMatchObject({ line: 2, column: 'note', details: { rule: 'quotedField' } });
    expect((error as Error).message).toMatch(
      /^Line 2, column E \(note\): text follows the closing quote/,
    );
  });

  it('counts lines after quoted line breaks, CRLF or LF, as the file has them', async () => {
    const error = await failure([`a,b\r\n1,"x\r\ny\r\nz"\r\n2,"3"x\r\n`]);
    expect(error).toMatchObject({ line: 5, column: 'b' });
  });

  it("skips rows whose every cell is empty (Excel's ,,,, rows) anywhere, without numbering them", async () => {
    const read = await records([
      `${HEADER}\r\n,,,,\r\nE09000022,plan,2024-01-01,,\r\n , ,,,\r\n\r\n,,,,\r\n,,,,\r\n`,
    ]);
    expect(read.map((record) => [record.row, record.line, record.fields[0]])).toEqual([
      [0, 1, 'areaCode'],
      [1, 3, 'E09000022'],
    ]);
  });
});
