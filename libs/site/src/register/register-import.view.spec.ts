import { ErrorCode } from '@app/kernel';
import { MAX_LISTED, type RegisterImportResult } from '@app/recommendations';
import {
  filesTooLarge,
  importedNotice,
  readRegisterFiles,
  registerImportResults,
} from './register-import.view';

const texts = (problems: { problems: { text: string; href: string }[] }) =>
  problems.problems.map(({ href, text }) => `${href} ${text}`);

const DRY_RUN: RegisterImportResult = {
  dryRun: true,
  files: [
    { name: 'sources.csv', kind: 'sources', rows: 1 },
    { name: 'recs.csv', kind: 'recommendations', rows: 2 },
    { name: 'notes.csv', kind: null, rows: 0 },
  ],
  rows: 3,
  toRecord: 2,
  recorded: 0,
  unchanged: 1,
  errorCount: 0,
  errors: [],
  stoppedEarly: false,
  rowsDetail: [
    {
      file: 'sources.csv',
      row: 1,
      line: 2,
      kind: 'source',
      id: 'a-report',
      title: 'A report',
      outcome: 'RECORD',
    },
    {
      file: 'recs.csv',
      row: 1,
      line: 2,
      kind: 'recommendation',
      id: 'AR-1',
      title: 'Do one thing',
      outcome: 'UNCHANGED',
    },
    {
      file: 'recs.csv',
      row: 2,
      line: 3,
      kind: 'response',
      id: 'AR-2',
      title: 'Do another',
      outcome: 'RECORD',
    },
  ],
};

describe('the register import pages in words', () => {
  it('asks for one to three CSV or JSON files', () => {
    expect(texts(readRegisterFiles([]))).toEqual(['#file Select a CSV or JSON file']);
    expect(texts(readRegisterFiles(['a.csv', 'b.CSV', 'register.json']))).toEqual([]);
    expect(texts(readRegisterFiles(['a.csv', 'register.xlsx']))).toEqual([
      '#file The selected file register.xlsx must be a CSV or JSON file',
    ]);
    expect(texts(readRegisterFiles(['a.csv', 'b.csv', 'c.csv', 'd.json']))).toEqual([
      '#file Select 3 files or fewer',
    ]);
    expect(texts(filesTooLarge(64 * 1024 * 1024))).toEqual([
      '#file The selected files must be smaller than 64 MB together',
    ]);
  });

  it('shows a dry run file by file and row by row, importable when something is new', () => {
    const results = registerImportResults(DRY_RUN);
    expect(results.files.map((file) => file.holds)).toEqual([
      'Sources',
      'Recommendations',
      'Not recognised',
    ]);
    expect(results.details.map((row) => [row.file, row.line, row.kind, row.outcome.text])).toEqual([
      ['sources.csv', 2, 'Source', 'To be recorded'],
      ['recs.csv', 2, 'Recommendation', 'Unchanged'],
      ['recs.csv', 3, 'Government response', 'To be recorded'],
    ]);
    expect(results.importable).toBe(true);
    expect(results.importButton).toBe('Import 2 records');
    expect(results.listedFirst).toBeNull();
    expect(registerImportResults({ ...DRY_RUN, toRecord: 1 }).importButton).toBe('Import 1 record');
    // Nothing new, or a real run: nothing to import.
    expect(registerImportResults({ ...DRY_RUN, toRecord: 0 }).importable).toBe(false);
    expect(registerImportResults({ ...DRY_RUN, dryRun: false }).importable).toBe(false);
    const many = Array.from({ length: MAX_LISTED }, () => DRY_RUN.rowsDetail![0]);
    expect(registerImportResults({ ...DRY_RUN, rowsDetail: many }).listedFirst).toBe(MAX_LISTED);
  });

  it('says where each problem is: file, line, column and row', () => {
    const results = registerImportResults({
      ...DRY_RUN,
      errorCount: 2,
      errors: [
        {
          file: 'notes.csv',
          row: 0,
          line: 1,
          column: null,
          field: null,
          code: ErrorCode.BAD_USER_INPUT,
          message: 'The header names neither',
        },
        {
          file: 'recs.csv',
          row: 2,
          line: 3,
          column: 14,
          field: 'proposedOn',
          code: ErrorCode.BAD_USER_INPUT,
          message: 'proposedOn must be a real date',
        },
      ],
    });
    expect(results.problems).toEqual([
      { file: 'notes.csv', where: 'Line 1', field: '', text: 'The header names neither' },
      {
        file: 'recs.csv',
        where: 'Line 3, column 14 (row 2)',
        field: 'proposedOn',
        text: 'proposedOn must be a real date',
      },
    ]);
    expect(results.importable).toBe(false);
  });

  it('says what was imported from which files', () => {
    expect(importedNotice(12, ['sources.csv', 'recs.csv'])).toBe(
      '12 records imported from sources.csv and recs.csv',
    );
    expect(importedNotice(1, ['register.json'])).toBe('1 record imported from register.json');
  });
});
