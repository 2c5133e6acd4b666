import { AREA_CODE_PATTERN, ErrorCode, textProblem, type TextRule } from '@app/kernel';
import {
  type CsvRecord,
  isCalendarDate,
  isHttpUrl,
  readCsvHeader,
  type RowError,
} from '@app/platform';
import { MILESTONE_KEY_PATTERN, PROGRAMME_ID_PATTERN } from '../area-change/area-change.input';

/** The columns every milestone file has, in any order; `programmeId` may replace the query's. */
export const MILESTONE_COLUMNS = [
  'areaCode',
  'milestoneKey',
  'achievedOn',
  'evidenceUrl',
  'note',
] as const;
export const OPTIONAL_MILESTONE_COLUMNS = ['programmeId'] as const;
export type MilestoneColumn =
  (typeof MILESTONE_COLUMNS)[number] | (typeof OPTIONAL_MILESTONE_COLUMNS)[number];

/** The same text rules as reportMilestone's note and the envelope's evidence links. */
export const NOTE_RULE: TextRule = { maxLength: 4000, multiline: true };
export const URL_RULE: TextRule = { maxLength: 2048 };

/** Where each column is in the file's records. */
export type MilestoneColumns = ReadonlyMap<MilestoneColumn, number>;

/** The header's columns, or every problem with them (each naming its column, as row 0). */
export const readMilestoneHeader = (
  header: CsvRecord,
): { columns: MilestoneColumns; errors: RowError[] } =>
  readCsvHeader(header, {
    required: MILESTONE_COLUMNS,
    optional: OPTIONAL_MILESTONE_COLUMNS,
    expected: `${MILESTONE_COLUMNS.join(',')} (and optionally programmeId)`,
  });

/** One data row, its fields checked for form (the domain rules come after). */
export interface MilestoneRow {
  row: number;
  line: number;
  /** From the file's programmeId column; null when it has none or leaves it empty. */
  programmeId: string | null;
  areaCode: string;
  milestoneKey: string;
  achievedOn: string;
  evidenceUrl: string | null;
  note: string | null;
}

/** A column's value in a record, trimmed ('' when the file has no such column). */
export function fieldOf(
  record: CsvRecord,
  columns: MilestoneColumns,
  column: MilestoneColumn,
): string {
  const index = columns.get(column);
  return index === undefined ? '' : (record.fields[index] ?? '').trim();
}

/** Reads a data row by the header's columns: the row, or every problem with its fields. */
export function readMilestoneRow(
  record: CsvRecord,
  columns: MilestoneColumns,
): { row: MilestoneRow; errors: [] } | { row: null; errors: RowError[] } {
  const { row, line, fields } = record;
  const errors: RowError[] = [];
  const problem = (column: MilestoneColumn | null, rule: string, message: string): void => {
    errors.push({ row, line, column, code: ErrorCode.BAD_USER_INPUT, rule, message });
  };
  if (fields.length !== columns.size) {
    problem(
      null,
      'fieldCount',
      `Row ${row} has ${fields.length} fields; the header has ${columns.size}`,
    );
    return { row: null, errors };
  }
  const field = (column: MilestoneColumn): string => fieldOf(record, columns, column);
  const required = (column: MilestoneColumn, pattern: RegExp, what: string): string => {
    const value = field(column);
    if (!value) problem(column, 'required', `${column} is required`);
    else if (!pattern.test(value) || value.length > 64) {
      problem(column, 'pattern', `${column} "${value}" must be ${what}`);
    }
    return value;
  };

  const programmeId = field('programmeId') || null;
  if (programmeId && (!PROGRAMME_ID_PATTERN.test(programmeId) || programmeId.length > 64)) {
    problem(
      'programmeId',
      'pattern',
      `programmeId "${programmeId}" must be lower-case letters and digits joined by hyphens`,
    );
  }
  const areaCode = required('areaCode', AREA_CODE_PATTERN, 'an ONS GSS code such as E09000022');
  const milestoneKey = required(
    'milestoneKey',
    MILESTONE_KEY_PATTERN,
    'lower-case words joined by hyphens',
  );
  const achievedOn = field('achievedOn');
  if (!achievedOn) problem('achievedOn', 'required', 'achievedOn is required');
  else if (!isCalendarDate(achievedOn)) {
    problem(
      'achievedOn',
      'calendarDate',
      `achievedOn "${achievedOn}" must be a real date written YYYY-MM-DD`,
    );
  }
  const text = (column: MilestoneColumn, rule: TextRule): string | null => {
    const value = field(column) || null;
    const wrong = value === null ? null : textProblem(value, rule);
    if (wrong) problem(column, wrong.rule, `${column} ${wrong.message}`);
    return wrong ? null : value;
  };
  const evidenceUrl = text('evidenceUrl', URL_RULE);
  if (evidenceUrl && !isHttpUrl(evidenceUrl)) {
    problem(
      'evidenceUrl',
      'httpUrl',
      `evidenceUrl "${evidenceUrl.slice(0, 100)}" must be an http(s) URL`,
    );
  }
  const note = text('note', NOTE_RULE);
  if (errors.length > 0) return { row: null, errors };
  return {
    row: { row, line, programmeId, areaCode, milestoneKey, achievedOn, evidenceUrl, note },
    errors: [],
  };
}
