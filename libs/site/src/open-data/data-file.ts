import { csvHeader, csvRow, type CsvCell } from '@app/kernel';

/** Every open data file is published under it. */
export const LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const;

/** A column of a download, with what it means: the data dictionary page lists them. */
export interface Column {
  name: string;
  meaning: string;
}

/**
 * A download: its rows as JSON shows them, and how each becomes a CSV row (flat, in the
 * columns' order).
 */
export interface DataFile<Row> {
  /** The file's stable name: `/open-data/<name>.csv` and `.json`. */
  name: string;
  title: string;
  description: string;
  columns: readonly Column[];
  csvCellsOf(row: Row): Record<string, CsvCell>;
}

/** What every file says it reflects: the instant it is as of, and the store's position. */
export interface Stamp {
  /** ISO instant: the slice's asOf, else when the file was made. */
  asOf: string;
  /** ISO instant of "as things stood on", when asked for. */
  validAt: string | null;
  storePosition: number;
}

export type DataFormat = 'csv' | 'json';

/**
 * The name a file is saved under, carrying its stamp (a spreadsheet keeps no HTTP headers):
 * `register-2026-12-05T101500Z-pos1234.csv`.
 */
export const fileNameOf = (name: string, stamp: Stamp, format: DataFormat): string =>
  `${name}-${stamp.asOf.replace(/[:-]|\.\d+/g, '').replace(/^(\d{4})(\d{2})(\d{2})/, '$1-$2-$3')}-pos${stamp.storePosition}.${format}`;

/** The file as CSV lines (as every export: a byte order mark, RFC 4180, CRLF, inert text). */
export async function* csvLines<Row>(
  file: DataFile<Row>,
  rows: AsyncIterable<Row> | Iterable<Row>,
): AsyncGenerator<string> {
  const names = file.columns.map((column) => column.name);
  yield csvHeader(names);
  for await (const row of rows) {
    const cells = file.csvCellsOf(row);
    yield csvRow(names.map((name) => cells[name]));
  }
}

/**
 * The file as JSON, in pieces so a long history is never held whole:
 * `{ licence, asOf, validAt, storePosition, data: [...] }`.
 */
export async function* jsonPieces<Row>(
  stamp: Stamp,
  rows: AsyncIterable<Row> | Iterable<Row>,
): AsyncGenerator<string> {
  const head = JSON.stringify({ licence: LICENCE, ...stamp, data: [] });
  yield `${head.slice(0, -2)}\n`;
  let first = true;
  for await (const row of rows) {
    yield `${first ? '' : ',\n'}${JSON.stringify(row)}`;
    first = false;
  }
  yield '\n]}\n';
}
