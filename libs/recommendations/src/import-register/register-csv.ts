import { ErrorCode } from '@app/kernel';
import { type CsvColumns, type CsvRecord, readCsvHeader } from '@app/platform';
import { SourceKind } from '@app/sources';
import {
  type FieldKey,
  type FieldPlace,
  type RecommendationEntry,
  type RegisterEntry,
  type RegisterRowError,
  RESPONSE_WORDS,
  rowError,
  type SourceEntry,
} from './register-entries';

const SOURCE_REQUIRED = ['id', 'kind', 'title', 'publisher', 'publishedOn', 'themes'] as const;
const SOURCE_OPTIONAL = ['url'] as const;
const RECOMMENDATION_REQUIRED = ['id', 'sourceId', 'theme', 'title', 'proposedOn'] as const;
const RESPONSE_COLUMNS = ['response', 'respondedOn', 'responseUrl', 'responseNote'] as const;
const RECOMMENDATION_OPTIONAL = ['evidenceUrl', ...RESPONSE_COLUMNS] as const;

type SourceColumn = (typeof SOURCE_REQUIRED)[number] | (typeof SOURCE_OPTIONAL)[number];
type RecommendationColumn =
  (typeof RECOMMENDATION_REQUIRED)[number] | (typeof RECOMMENDATION_OPTIONAL)[number];

export const SOURCE_CSV_COLUMNS: CsvColumns<SourceColumn> = {
  required: SOURCE_REQUIRED,
  optional: SOURCE_OPTIONAL,
  expected: `${SOURCE_REQUIRED.join(',')} (and optionally url)`,
};
export const RECOMMENDATION_CSV_COLUMNS: CsvColumns<RecommendationColumn> = {
  required: RECOMMENDATION_REQUIRED,
  optional: RECOMMENDATION_OPTIONAL,
  expected: `${RECOMMENDATION_REQUIRED.join(',')} (and optionally ${RECOMMENDATION_OPTIONAL.join(', ')})`,
};

/** A source's kind in the words a person writes: "select committee report". */
export const sourceKindWords = (kind: SourceKind): string => kind.toLowerCase().replace(/_/g, ' ');
const KIND_WORDS = Object.values(SourceKind).map(sourceKindWords);

/** Themes are written in one cell, separated by semicolons (a theme may hold a comma). */
export const THEME_SEPARATOR = ';';

/** The columns a command's field is written in, where the names differ. */
const SOURCE_COLUMN_OF: Record<string, string> = { occurredAt: 'publishedOn' };
const RECOMMENDATION_COLUMN_OF: Record<string, string> = {
  occurredAt: 'proposedOn',
  'response.decision': 'response',
  'response.respondedOn': 'respondedOn',
  'response.evidenceUrl': 'responseUrl',
  'response.note': 'responseNote',
  'response.occurredAt': 'respondedOn',
};

/** What a CSV file's header says it holds: a sources file names a publisher, a recommendations file a sourceId. */
export function csvFileKind(header: CsvRecord): 'sources' | 'recommendations' | null {
  const names = header.fields.map((field) => field.trim());
  if (names.includes('sourceId')) return 'recommendations';
  if (names.includes('publisher') || names.includes('kind')) return 'sources';
  return null;
}

/** The sentence refusing a header that names neither kind of file. */
export const UNKNOWN_CSV_KIND = `The header names neither a sources file (${SOURCE_CSV_COLUMNS.expected}) nor a recommendations file (${RECOMMENDATION_CSV_COLUMNS.expected})`;

/** A CSV file's reading of its header: how each record becomes an entry. */
export interface CsvRegisterReader {
  kind: 'sources' | 'recommendations';
  errors: RegisterRowError[];
  entry(record: CsvRecord): RegisterEntry;
}

export function csvRegisterReader(
  file: string,
  header: CsvRecord,
  kind: 'sources' | 'recommendations',
): CsvRegisterReader {
  const spec = kind === 'sources' ? SOURCE_CSV_COLUMNS : RECOMMENDATION_CSV_COLUMNS;
  const read = readCsvHeader<string>(header, spec);
  const errors = read.errors.map((error): RegisterRowError => ({
    file,
    row: 0,
    line: error.line,
    column: error.column ? columnNumber(header, error.column) : null,
    field: error.column,
    code: error.code,
    ...(error.rule ? { rule: error.rule } : {}),
    message: error.message,
  }));
  const columns = read.columns;
  return {
    kind,
    errors,
    entry: (record) =>
      kind === 'sources'
        ? sourceEntry(file, record, columns)
        : recommendationEntry(file, record, columns),
  };
}

const columnNumber = (header: CsvRecord, name: string): number | null => {
  const index = header.fields.findIndex((field) => field.trim() === name);
  return index < 0 ? null : index + 1;
};

/** A record's cells by column, with where each is and the problems of form found. */
function cells(
  file: string,
  record: CsvRecord,
  columns: ReadonlyMap<string, number>,
  columnOf: Record<string, string>,
) {
  const locate = (key: FieldKey | null): FieldPlace => {
    const name = key === null ? null : (columnOf[key] ?? key);
    const index = name === null ? undefined : columns.get(name);
    return {
      field: index === undefined ? null : name,
      line: record.line,
      column: index === undefined ? null : index + 1,
    };
  };
  const place = { file, row: record.row, locate };
  const problems: RegisterRowError[] = [];
  const miscounted = record.fields.length !== columns.size;
  // A row with fields missing or extra cannot be read by its columns: that is its one problem.
  const problem = (column: string | null, rule: string, message: string): void => {
    if (!miscounted)
      problems.push(rowError(place, column, ErrorCode.BAD_USER_INPUT, rule, message));
  };
  if (miscounted) {
    problems.push(
      rowError(
        place,
        null,
        ErrorCode.BAD_USER_INPUT,
        'fieldCount',
        `Row ${record.row} has ${record.fields.length} fields; the header has ${columns.size}`,
      ),
    );
  }
  const cell = (column: string): string => {
    const index = columns.get(column);
    return index === undefined ? '' : (record.fields[index] ?? '').trim();
  };
  const required = (column: string): string => {
    const value = cell(column);
    if (!value) problem(column, 'required', `${column} is required`);
    return value;
  };
  return { locate, problems, problem, cell, required };
}

function sourceEntry(
  file: string,
  record: CsvRecord,
  columns: ReadonlyMap<string, number>,
): SourceEntry {
  const { locate, problems, problem, cell, required } = cells(
    file,
    record,
    columns,
    SOURCE_COLUMN_OF,
  );
  const kind = required('kind');
  if (kind && !KIND_WORDS.includes(kind.toLowerCase().replace(/\s+/g, ' '))) {
    problem('kind', 'oneOf', `kind "${kind}" must be one of: ${KIND_WORDS.join(', ')}`);
  }
  const themes = cell('themes')
    .split(THEME_SEPARATOR)
    .map((theme) => theme.trim())
    .filter((theme) => theme !== '');
  return {
    kind: 'source',
    file,
    row: record.row,
    line: record.line,
    problems,
    locate,
    source: {
      id: required('id'),
      kind,
      title: required('title'),
      publisher: required('publisher'),
      publishedOn: required('publishedOn'),
      url: cell('url') || null,
      themes,
    },
  };
}

function recommendationEntry(
  file: string,
  record: CsvRecord,
  columns: ReadonlyMap<string, number>,
): RecommendationEntry {
  const { locate, problems, problem, cell, required } = cells(
    file,
    record,
    columns,
    RECOMMENDATION_COLUMN_OF,
  );
  const id = required('id');
  const theme = cell('theme');
  const answered = RESPONSE_COLUMNS.some((column) => cell(column) !== '');
  const decision = answered ? required('response') : '';
  if (decision && !(RESPONSE_WORDS as readonly string[]).includes(decision.toLowerCase())) {
    problem(
      'response',
      'oneOf',
      `response "${decision}" must be one of: ${RESPONSE_WORDS.join(', ')}`,
    );
  }
  const respondedOn = answered ? required('respondedOn') : '';
  const responseUrl = answered ? required('responseUrl') : '';
  return {
    kind: 'recommendation',
    file,
    row: record.row,
    line: record.line,
    problems,
    locate,
    evidenceUrl: cell('evidenceUrl') || null,
    responseNote: cell('responseNote') || null,
    recommendation: {
      id,
      title: required('title'),
      source: '',
      sourceId: required('sourceId'),
      proposedOn: required('proposedOn'),
      // The source's own theme, as written: the seed plan takes a sourceTheme as it is.
      theme,
      ...(theme ? { sourceTheme: theme } : {}),
      governmentResponse: answered
        ? {
            decision: decision.toLowerCase(),
            on: respondedOn,
            url: responseUrl,
            note: cell('responseNote') || null,
          }
        : null,
    },
  };
}
