import { CsvError, parse, type Parser } from 'csv-parse';
import { finished } from 'stream/promises';
import { isISO8601, isURL } from 'class-validator';
import { ErrorCode } from '@app/kernel';
import { CsvFileError, csvText, SAVE_AS_CSV_UTF8 } from './csv-text';

/** Longest record accepted, in bytes (a note is at most 4,000 characters): a cap on one row. */
export const MAX_RECORD_BYTES = 64 * 1024;
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

/**
 * Splits the file into records as it arrives, holding one chunk's records at a time: RFC 4180
 * exactly (csv-parse, strict about quotes), CRLF or LF line ends, line breaks inside quoted
 * fields kept as written. Records whose every field is empty (blank lines, the `,,,,` rows
 * Excel writes for formatted empty cells) are skipped and not numbered. A field count
 * differing from the header's is left to the row's check, so every such row is named.
 */
export async function* csvRecords(
  input: AsyncIterable<Buffer | string>,
  maxRecordBytes = MAX_RECORD_BYTES,
): AsyncGenerator<CsvRecord> {
  const records = new RecordReader(maxRecordBytes);
  for await (const text of csvText(input)) {
    yield* records.read(text);
    records.check();
  }
  yield* await records.end();
  records.check();
}

/**
 * Drives csv-parse a chunk at a time: its on_record hook numbers each record and notes the line
 * it starts on as it is parsed, so the records before a refusal are all read, and the refusal
 * knows its line. csv-parse's own line count takes a CRLF inside quotes for two lines.
 */
class RecordReader {
  private readonly parser: Parser;
  private parsed: CsvRecord[] = [];
  private header: string[] | null = null;
  private row = -1;
  /** The line the next record starts on. */
  private line = 1;

  constructor(private readonly maxRecordBytes: number) {
    this.parser = parse({
      relax_column_count: true,
      max_record_size: maxRecordBytes,
      on_record: (fields: string[]) => {
        this.take(fields);
        return null;
      },
    });
    // Its errors are read from `errored` after each write; records are taken by on_record.
    this.parser.on('error', () => undefined).resume();
  }

  read(text: string): CsvRecord[] {
    this.parser.write(text);
    return this.taken();
  }

  async end(): Promise<CsvRecord[]> {
    this.parser.end();
    await finished(this.parser).catch(() => undefined);
    return this.taken();
  }

  /** Refuses the file once csv-parse has. */
  check(): void {
    const error = this.parser.errored;
    if (error) {
      throw error instanceof CsvError
        ? unreadable(error, this.line, this.header, this.maxRecordBytes)
        : error;
    }
  }

  private take(fields: string[]): void {
    const line = this.line;
    this.line += 1 + lineFeedsIn(fields);
    if (fields.every((field) => field.trim() === '')) return;
    this.header ??= fields;
    this.parsed.push({ row: ++this.row, line, fields });
  }

  private taken(): CsvRecord[] {
    const taken = this.parsed;
    this.parsed = [];
    return taken;
  }
}

const lineFeedsIn = (fields: string[]): number =>
  fields.reduce((count, field) => count + field.split('\n').length - 1, 0);

/** csv-parse's refusal in the import's words, at the record starting on `line`. */
function unreadable(
  error: CsvError,
  line: number,
  header: string[] | null,
  maxRecordBytes: number,
): CsvFileError {
  const index = (error as CsvError & { column?: number }).column;
  const column = typeof index === 'number' ? (header?.[index]?.trim() ?? null) : null;
  const where =
    typeof index === 'number'
      ? `Line ${line}, column ${spreadsheetColumn(index)}${column ? ` (${column})` : ''}`
      : `Line ${line}`;
  const quoting =
    'a field holding a quote (") must be in quotes itself, with each quote inside written twice ("")';
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return new CsvFileError(
        line,
        'quotedField',
        `${where}: a quote inside an unquoted field; ${quoting}`,
        column,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvFileError(
        line,
        'quotedField',
        `${where}: text follows the closing quote of a quoted field; ${quoting}`,
        column,
      );
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError(
        line,
        'closedQuote',
        `${where}: the quoted field opened on line ${line} is never closed`,
        column,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError(
        line,
        'lineLength',
        `Line ${line}: the row starting there is longer than ${maxRecordBytes} bytes (or a quote opened in it is never closed)`,
        column,
      );
    default:
      return new CsvFileError(
        line,
        'csv',
        `${where}: the file is not CSV as RFC 4180 writes it (${error.message})`,
        column,
      );
  }
}

/** A field's position as a spreadsheet names its column: 0 is A, 25 is Z, 26 is AA. */
export function spreadsheetColumn(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${spreadsheetColumn(Math.floor(index / 26) - 1)}${letter}`;
}

/** A file's columns: those it must have and those it may, in any order. */
export interface CsvColumns<Column extends string> {
  required: readonly Column[];
  optional: readonly Column[];
  /** The columns in words for a refusal, e.g. "a,b,c (and optionally d)". */
  expected: string;
}

/** The header's columns, or every problem with them (each naming its column, as row 0). */
export function readCsvHeader<Column extends string>(
  header: CsvRecord,
  { required, optional, expected }: CsvColumns<Column>,
): { columns: ReadonlyMap<Column, number>; errors: RowError[] } {
  const known: readonly string[] = [...required, ...optional];
  const columns = new Map<Column, number>();
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
  const separator = separatorOf(header.fields, known);
  if (separator) {
    problem(
      null,
      'commaSeparated',
      `The header's columns are separated by ${separator}, not commas; in Excel, ${SAVE_AS_CSV_UTF8} (or set the list separator to a comma) and import it again`,
    );
    return { columns, errors };
  }
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
    } else if (columns.has(name as Column)) {
      problem(name, 'uniqueColumn', `Column "${name}" appears twice in the header`);
    } else {
      columns.set(name as Column, index);
    }
  });
  for (const name of required) {
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

/**
 * A header read as one field that names the columns when split by another separator: a file
 * saved where Excel's list separator is `;` (most of Europe), or as tab-separated text.
 */
function separatorOf(fields: string[], known: readonly string[]): string | null {
  if (fields.length !== 1) return null;
  const separators = [
    { char: ';', name: 'semicolons (;)' },
    { char: '\t', name: 'tabs' },
  ];
  const found = separators.find(({ char }) =>
    fields[0].split(char).some((name) => known.includes(name.trim())),
  );
  return found?.name ?? null;
}

/** YYYY-MM-DD naming a day that exists (the same check as the GraphQL inputs' IsCalendarDate). */
export const isCalendarDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && isISO8601(value, { strict: true });

export const isHttpUrl = (value: string): boolean =>
  isURL(value, { protocols: ['http', 'https'], require_protocol: true });
