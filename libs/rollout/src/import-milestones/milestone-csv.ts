import { StringDecoder } from 'string_decoder';
import { isISO8601, isURL } from 'class-validator';
import {
  AREA_CODE_PATTERN,
  ErrorCode,
  InvalidInputError,
  parseCsvRecord,
  textProblem,
  type TextRule,
} from '@app/kernel';
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

/** Longest record accepted (a note is at most 4,000 characters): a cap on what one row holds. */
export const MAX_RECORD_CHARS = 64 * 1024;
/** The same text rules as reportMilestone's note and the envelope's evidence links. */
const NOTE_RULE: TextRule = { maxLength: 4000, multiline: true };
const URL_RULE: TextRule = { maxLength: 2048 };

/** One record of the file. Data rows count from 1 (the header is row 0); lines from 1. */
export interface CsvRecord {
  row: number;
  line: number;
  fields: string[];
}

/** A problem with one row (or, as row 0, with the file), named by its column where it has one. */
export interface RowError {
  row: number;
  line: number;
  column: string | null;
  code: ErrorCode;
  rule?: string;
  message: string;
}

/** The file cannot be read on (unterminated quote, overlong line): nothing after it is parsed. */
export class CsvFileError extends InvalidInputError {
  constructor(
    readonly line: number,
    rule: string,
    message: string,
  ) {
    super('file', rule, message);
  }
}

/**
 * Splits CSV bytes into records as they arrive, holding one record at a time: RFC 4180
 * quoting via the kernel's parseCsvRecord, CRLF or LF line ends, a UTF-8 byte order mark, and
 * quoted fields spanning lines (their line break read as \n). Blank lines are skipped.
 */
export async function* csvRecords(
  input: AsyncIterable<Buffer | string>,
  maxRecordChars = MAX_RECORD_CHARS,
): AsyncGenerator<CsvRecord> {
  const decoder = new StringDecoder('utf8');
  const records = new RecordAssembler(maxRecordChars);
  let rest = '';
  let started = false;
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!started && rest.length > 0) {
      started = true;
      if (rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    }
    let start = 0;
    for (let end = rest.indexOf('\n'); end >= 0; end = rest.indexOf('\n', start)) {
      const record = records.take(rest.slice(start, end));
      if (record) yield record;
      start = end + 1;
    }
    rest = rest.slice(start);
    if (rest.length > maxRecordChars) {
      const line = records.lines + 1;
      throw new CsvFileError(
        line,
        'lineLength',
        `Line ${line} is longer than ${maxRecordChars} characters`,
      );
    }
  }
  rest += decoder.end();
  const last = rest.length > 0 ? records.take(rest) : null;
  if (last) yield last;
  records.finish();
}

/** Joins lines into records: a line leaving a quoted field open continues on the next. */
class RecordAssembler {
  private open: { text: string; quotes: number; line: number } | null = null;
  private line = 0;
  private row = -1;

  constructor(private readonly maxChars: number) {}

  get lines(): number {
    return this.line;
  }

  /** The record this line completes, if it completes a non-blank one. */
  take(lineText: string): CsvRecord | null {
    this.line++;
    const text = lineText.endsWith('\r') ? lineText.slice(0, -1) : lineText;
    const quotes = countQuotes(text);
    const record = this.open
      ? {
          text: `${this.open.text}\n${text}`,
          quotes: this.open.quotes + quotes,
          line: this.open.line,
        }
      : { text, quotes, line: this.line };
    this.open = null;
    if (record.quotes % 2 === 1) {
      if (record.text.length > this.maxChars) {
        throw new CsvFileError(
          record.line,
          'closedQuote',
          `The quoted field opened on line ${record.line} is not closed within ${this.maxChars} characters`,
        );
      }
      this.open = record;
      return null;
    }
    if (record.text.trim() === '') return null;
    return { row: ++this.row, line: record.line, fields: parseCsvRecord(record.text) };
  }

  /** At the end of the file: a quoted field still open is an error. */
  finish(): void {
    if (this.open) {
      throw new CsvFileError(
        this.open.line,
        'closedQuote',
        `The quoted field opened on line ${this.open.line} is never closed`,
      );
    }
  }
}

function countQuotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Where each column is in the file's records. */
export type MilestoneColumns = ReadonlyMap<MilestoneColumn, number>;

/** The header's columns, or every problem with them (each naming its column, as row 0). */
export function readMilestoneHeader(header: CsvRecord): {
  columns: MilestoneColumns;
  errors: RowError[];
} {
  const known: readonly string[] = [...MILESTONE_COLUMNS, ...OPTIONAL_MILESTONE_COLUMNS];
  const columns = new Map<MilestoneColumn, number>();
  const errors: RowError[] = [];
  const problem = (column: string | null, rule: string, message: string): void => {
    errors.push({
      row: 0,
      line: header.line,
      column,
      code: ErrorCode.BAD_USER_INPUT,
      rule,
      message,
    });
  };
  const expected = `${MILESTONE_COLUMNS.join(',')} (and optionally programmeId)`;
  header.fields.forEach((raw, index) => {
    const name = raw.trim();
    if (!known.includes(name)) {
      problem(
        name || null,
        'knownColumn',
        name
          ? `Unknown column "${name}"; the columns are ${expected}`
          : `Column ${index + 1} of the header has no name; the columns are ${expected}`,
      );
    } else if (columns.has(name as MilestoneColumn)) {
      problem(name, 'uniqueColumn', `Column "${name}" appears twice in the header`);
    } else {
      columns.set(name as MilestoneColumn, index);
    }
  });
  for (const name of MILESTONE_COLUMNS) {
    if (!columns.has(name)) {
      problem(
        name,
        'requiredColumn',
        `The header has no "${name}" column; the columns are ${expected}`,
      );
    }
  }
  return { columns, errors };
}

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

/** YYYY-MM-DD naming a day that exists (the same check as the GraphQL inputs' IsCalendarDate). */
const isCalendarDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && isISO8601(value, { strict: true });

const isHttpUrl = (value: string): boolean =>
  isURL(value, { protocols: ['http', 'https'], require_protocol: true });
