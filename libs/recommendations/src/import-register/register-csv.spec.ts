import { ErrorCode } from '@app/kernel';
import type { CsvRecord } from '@app/platform';
import { csvFileKind, csvRegisterReader } from './register-csv';
import type { RecommendationEntry, SourceEntry } from './register-entries';

const record = (row: number, text: string): CsvRecord => ({
  row,
  line: row + 1,
  fields: text.split(','),
});
const SOURCES = 'id,kind,title,publisher,publishedOn,url,themes';
const RECOMMENDATIONS =
  'id,sourceId,theme,title,proposedOn,evidenceUrl,response,respondedOn,responseUrl,responseNote';

describe('register CSV: the kind of file', () => {
  it('is told by the header: a sourceId column for recommendations, a publisher or kind for sources', () => {
    expect(csvFileKind(record(0, SOURCES))).toBe('sources');
    expect(csvFileKind(record(0, 'kind,id'))).toBe('sources');
    expect(csvFileKind(record(0, RECOMMENDATIONS))).toBe('recommendations');
    expect(csvFileKind(record(0, 'areaCode,milestoneKey'))).toBeNull();
  });
});

describe('register CSV: headers', () => {
  it('takes the columns in any order, url optional', () => {
    const reader = csvRegisterReader(
      's.csv',
      record(0, 'themes,title,id,publishedOn,kind,publisher'),
      'sources',
    );
    expect(reader.errors).toEqual([]);
  });

  it('names every unknown, repeated or missing column with its place in the header', () => {
    const reader = csvRegisterReader(
      'r.csv',
      record(0, 'id,sourceId,colour,title,title,proposedOn'),
      'recommendations',
    );
    expect(
      reader.errors.map(({ file, row, line, column, field, rule }) => ({
        file,
        row,
        line,
        column,
        field,
        rule,
      })),
    ).toEqual([
      { file: 'r.csv', row: 0, line: 1, column: 3, field: 'colour', rule: 'knownColumn' },
      { file: 'r.csv', row: 0, line: 1, column: 4, field: 'title', rule: 'uniqueColumn' },
      { file: 'r.csv', row: 0, line: 1, column: null, field: 'theme', rule: 'requiredColumn' },
    ]);
    expect(reader.errors[0].message).toContain(
      'Unknown column "colour"; the columns are id,sourceId,theme,title,proposedOn',
    );
  });
});

describe('register CSV: source rows', () => {
  const reader = csvRegisterReader('s.csv', record(0, SOURCES), 'sources');
  const read = (row: string) => reader.entry(record(1, row)) as SourceEntry;

  it('reads a source: kind in words, any case; themes separated by semicolons; no url as null', () => {
    const entry = read(
      'my-review,Select  Committee Report,A title,A publisher,2024-01-02,,Care; Help ;',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.source).toEqual({
      id: 'my-review',
      kind: 'Select  Committee Report',
      title: 'A title',
      publisher: 'A publisher',
      publishedOn: '2024-01-02',
      url: null,
      themes: ['Care', 'Help'],
    });
  });

  it('names the column and rule of every problem of form', () => {
    const entry = read(',report,,A publisher,2024-01-02,,');
    expect(entry.problems.map(({ field, column, rule }) => [field, column, rule])).toEqual([
      ['kind', 2, 'oneOf'],
      ['id', 1, 'required'],
      ['title', 3, 'required'],
    ]);
    expect(entry.problems[0].message).toBe(
      'kind "report" must be one of: independent review, select committee report, inquiry, government response, government strategy, professional body campaign',
    );
  });

  it('refuses a row with more or fewer fields than the header', () => {
    expect(read('a,b').problems).toEqual([
      expect.objectContaining({
        row: 1,
        line: 2,
        column: null,
        rule: 'fieldCount',
        code: ErrorCode.BAD_USER_INPUT,
      }),
    ]);
  });

  it('places a rule about the date a source is added at its publishedOn column', () => {
    expect(read('a,inquiry,t,p,2024-01-02,,').locate('occurredAt')).toEqual({
      field: 'publishedOn',
      line: 2,
      column: 5,
    });
  });
});

describe('register CSV: recommendation rows', () => {
  const reader = csvRegisterReader('r.csv', record(0, RECOMMENDATIONS), 'recommendations');
  const read = (row: string) => reader.entry(record(4, row)) as RecommendationEntry;

  it('reads a recommendation with its response, the note as written', () => {
    const entry = read(
      'X-1,src,Care,A title,2024-01-02,https://example.org/x,Accepted in Part,2024-02-01,https://example.org/r,Partly',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.evidenceUrl).toBe('https://example.org/x');
    expect(entry.responseNote).toBe('Partly');
    expect(entry.recommendation).toMatchObject({
      id: 'X-1',
      sourceId: 'src',
      theme: 'Care',
      sourceTheme: 'Care',
      proposedOn: '2024-01-02',
      governmentResponse: {
        decision: 'accepted in part',
        on: '2024-02-01',
        url: 'https://example.org/r',
        note: 'Partly',
      },
    });
  });

  it('leaves the theme out where the cell is empty, and the response where no response cell is filled', () => {
    const entry = read('X-1,src,,A title,2024-01-02,,,,,');
    expect(entry.problems).toEqual([]);
    expect(entry.recommendation.sourceTheme).toBeUndefined();
    expect(entry.recommendation.governmentResponse).toBeNull();
  });

  it('needs the response, its date and its link once any response cell is filled, in the words listed', () => {
    expect(
      read('X-1,src,,A title,2024-01-02,,,,,A note').problems.map((p) => [p.field, p.rule]),
    ).toEqual([
      ['response', 'required'],
      ['respondedOn', 'required'],
      ['responseUrl', 'required'],
    ]);
    const words = read('X-1,src,,A title,2024-01-02,,maybe,2024-02-01,https://example.org/r,');
    expect(words.problems[0]).toMatchObject({ field: 'response', column: 7, rule: 'oneOf' });
    expect(words.problems[0].message).toContain(
      'accepted in full, accepted in part, accepted in principle, rejected, noted, under consideration',
    );
  });

  it('places the rules of a response at their columns', () => {
    const entry = read('X-1,src,,A title,2024-01-02,,noted,2024-02-01,https://example.org/r,');
    expect(entry.locate('response.evidenceUrl')).toEqual({
      field: 'responseUrl',
      line: 5,
      column: 9,
    });
    expect(entry.locate('occurredAt')).toEqual({ field: 'proposedOn', line: 5, column: 5 });
    expect(entry.locate(null)).toEqual({ field: null, line: 5, column: null });
  });
});
