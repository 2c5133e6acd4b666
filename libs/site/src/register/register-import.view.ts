import {
  MAX_LISTED,
  type RegisterFileKind,
  type RegisterImportResult,
  type RegisterRowError,
  type RegisterRowKind,
  type RegisterRowOutcome,
} from '@app/recommendations';
import { inWords } from '../signed-in/signed-in-actor';
import { problemsOf, sizeWords, type UploadProblems } from '../report/upload-form';

/**
 * The register import's pages in words: the files chosen (checked before they are read), and
 * what the import found in them, row by row, with every problem's file, line and column.
 */

/** Sources CSV, recommendations CSV and the JSON register: one of each at most. */
export const MOST_FILES = 3;
const FILE_NAME = /\.(csv|json)$/i;

/** The files chosen: at least one, each a CSV or JSON file, at most three. Pure. */
export function readRegisterFiles(filenames: readonly string[]): UploadProblems {
  if (filenames.length === 0) return problemsOf([['file', 'Select a CSV or JSON file']]);
  if (filenames.length > MOST_FILES) return tooManyFiles();
  const other = filenames.find((name) => !FILE_NAME.test(name));
  return problemsOf(
    other === undefined ? [] : [['file', `The selected file ${other} must be a CSV or JSON file`]],
  );
}

/** More files than a register has kinds of. */
export const tooManyFiles = (): UploadProblems =>
  problemsOf([['file', `Select ${MOST_FILES} files or fewer`]]);

/** The files together are over the import's limit. */
export const filesTooLarge = (limitBytes: number): UploadProblems =>
  problemsOf([
    ['file', `The selected files must be smaller than ${sizeWords(limitBytes)} together`],
  ]);

export interface RegisterProblem {
  file: string;
  /** "Line 4, column 12 (row 3)", "Line 1 (the header)". */
  where: string;
  /** The CSV column or JSON field it is about, as the file names it. */
  field: string;
  text: string;
}

export interface RegisterRow {
  file: string;
  row: number;
  line: number;
  kind: string;
  id: string;
  title: string;
  outcome: { text: string; colour: string };
}

export interface RegisterImportResults {
  dryRun: boolean;
  files: { name: string; holds: string; rows: number }[];
  rows: number;
  toRecord: number;
  unchanged: number;
  errorCount: number;
  stoppedEarly: boolean;
  problems: RegisterProblem[];
  /** A dry run's outcome row by row. */
  details: RegisterRow[];
  /** The dry run listed only the first MAX_LISTED rows' outcomes. */
  listedFirst: number | null;
  /** A dry run that found something new and no problem: the files may be imported. */
  importable: boolean;
  importButton: string;
}

const FILE_KINDS: Record<RegisterFileKind, string> = {
  sources: 'Sources',
  recommendations: 'Recommendations',
  register: 'Sources and recommendations',
};

const ROW_KINDS: Record<RegisterRowKind, string> = {
  source: 'Source',
  recommendation: 'Recommendation',
  response: 'Government response',
};

const OUTCOMES: Record<RegisterRowOutcome, { text: string; colour: string }> = {
  RECORD: { text: 'To be recorded', colour: 'green' },
  UNCHANGED: { text: 'Unchanged', colour: 'grey' },
  ERROR: { text: 'Has a problem', colour: 'red' },
};

export const recordsWord = (count: number): string =>
  `${count.toLocaleString('en-GB')} record${count === 1 ? '' : 's'}`;

/** Where in its file a problem is, in words. */
function whereOf(error: RegisterRowError): string {
  const place = `Line ${error.line}${error.column === null ? '' : `, column ${error.column}`}`;
  return error.row === 0 ? place : `${place} (row ${error.row})`;
}

/** What an import found, for the results page. Pure. */
export function registerImportResults(result: RegisterImportResult): RegisterImportResults {
  const details = result.rowsDetail ?? [];
  return {
    dryRun: result.dryRun,
    files: result.files.map((file) => ({
      name: file.name,
      holds: file.kind ? FILE_KINDS[file.kind] : 'Not recognised',
      rows: file.rows,
    })),
    rows: result.rows,
    toRecord: result.toRecord,
    unchanged: result.unchanged,
    errorCount: result.errorCount,
    stoppedEarly: result.stoppedEarly,
    problems: result.errors.map((error) => ({
      file: error.file,
      where: whereOf(error),
      field: error.field ?? '',
      text: error.message,
    })),
    details: details.map((detail) => ({
      file: detail.file,
      row: detail.row,
      line: detail.line,
      kind: ROW_KINDS[detail.kind],
      id: detail.id,
      title: detail.title,
      outcome: OUTCOMES[detail.outcome],
    })),
    listedFirst: details.length >= MAX_LISTED ? MAX_LISTED : null,
    importable: result.dryRun && result.errorCount === 0 && result.toRecord > 0,
    importButton: `Import ${recordsWord(result.toRecord)}`,
  };
}

/** The banner after an import: how many records, from which files. */
export const importedNotice = (recorded: number, filenames: readonly string[]): string =>
  `${recordsWord(recorded)} imported from ${inWords([...filenames])}`;
