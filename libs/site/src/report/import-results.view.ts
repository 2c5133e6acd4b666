import { ErrorCode } from '@app/kernel';
import type { RowError } from '@app/platform';
import type { MilestoneImportResult, RowDetail, RowOutcome } from '@app/rollout';
import { realDate } from '../layout/date-input';
import { govukDate } from '../layout/dates';
import { type Names, refusalText } from './report-words';

/** One problem of the file: where it is, the column, and what to do, in the forms' words. */
export interface FileProblem {
  /** "Header", "Row 3 (line 4)", or "Line 7" for a part of the file that is not a row. */
  where: string;
  column: string;
  text: string;
}

export interface ImportRow {
  row: number;
  area: string;
  milestone: string;
  achievedOn: string;
  evidence: string;
  note: string;
  outcome: { text: string; colour: string };
}

export interface ImportResults {
  dryRun: boolean;
  rows: number;
  toRecord: number;
  unchanged: number;
  errorCount: number;
  /** Checking stopped at the most errors it lists: the rows after `rows` were not read. */
  stoppedEarly: boolean;
  problems: FileProblem[];
  /** A dry run's outcome row by row. */
  details: ImportRow[];
  /** A dry run that found new milestones and no problem: the file may be imported. */
  importable: boolean;
  importButton: string;
}

const OUTCOMES: Record<RowOutcome, { text: string; colour: string }> = {
  RECORD: { text: 'To be recorded', colour: 'green' },
  UNCHANGED: { text: 'Already recorded', colour: 'grey' },
  ERROR: { text: 'Has a problem', colour: 'red' },
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A cell's date in words when it is one, else as it was typed (to be found and corrected). */
const dateCell = (value: string): string => {
  const [, year, month, day] = ISO_DATE.exec(value) ?? [];
  const date = year ? realDate(Number(year), Number(month), Number(day)) : null;
  return date ? govukDate(date) : value;
};

export const milestonesWord = (count: number): string =>
  `${count} milestone${count === 1 ? '' : 's'}`;

/** Where in the file a problem is. */
function whereOf(error: RowError, rows: number): string {
  if (error.row === 0) return 'Header';
  // A part of the file that could not be read into a row is named by its line.
  if (error.row > rows) return `Line ${error.line}`;
  return `Row ${error.row} (line ${error.line})`;
}

/**
 * What an import found, for the results page: the counts, every problem listed (in the forms'
 * words where the rollout context's refusal has them, else the import's own message, which is
 * already in plain words for what only a file has: its encoding, quotes, header) and, after a
 * dry run, each row's outcome. Pure.
 */
export function importResults(
  result: MilestoneImportResult,
  names: Names,
  /** The officer's own areas: a row for another is refused for not being one of them. */
  ownAreas: readonly string[],
): ImportResults {
  const details = new Map<number, RowDetail>(
    (result.rowsDetail ?? []).map((detail) => [detail.row, detail]),
  );
  const milestoneTitle = (key: string): string =>
    names.milestones.find((milestone) => milestone.key === key)?.title ?? key;
  const problems = result.errors.map((error) => {
    const detail = details.get(error.row);
    const said = refusalText(
      {
        code: error.code,
        field: error.column,
        rule: error.rule,
        details: error.code === ErrorCode.FORBIDDEN ? { areaCodes: ownAreas } : undefined,
      },
      {
        areaCode: detail?.areaCode ?? '',
        milestoneKey: detail?.milestoneKey,
        dateFact: 'achievedOn',
      },
      { ...names, areaName: (code) => (code ? names.areaName(code) : 'the area') },
    );
    return {
      where: whereOf(error, result.rows),
      column: error.column ?? '',
      text: said?.text ?? error.message,
    };
  });
  return {
    dryRun: result.dryRun,
    rows: result.rows,
    toRecord: result.toRecord,
    unchanged: result.unchanged,
    errorCount: result.errorCount,
    stoppedEarly: result.stoppedEarly,
    problems,
    details: (result.rowsDetail ?? []).map((detail) => ({
      row: detail.row,
      area: detail.areaCode ? names.areaName(detail.areaCode) : '',
      milestone: milestoneTitle(detail.milestoneKey),
      achievedOn: dateCell(detail.achievedOn),
      evidence: detail.evidenceUrl ?? '',
      note: detail.note ?? '',
      outcome: OUTCOMES[detail.outcome],
    })),
    importable: result.dryRun && result.errorCount === 0 && result.toRecord > 0,
    importButton: `Import ${milestonesWord(result.toRecord)}`,
  };
}
