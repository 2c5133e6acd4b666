/**
 * Every CSV file the tracker writes starts with a UTF-8 byte order mark and ends its lines
 * with CRLF: without the mark Excel reads the file as Windows-1252 and turns `£` into `Â£`.
 */
export const UTF8_BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

/** Quotes a field only where CSV needs it. */
export function csvField(value: CsvCell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return) as a formula:
 * text from users is prefixed with a quote so it is shown, never run (CSV injection).
 */
export const inertText = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One line of an exported file (RFC 4180, CRLF), its text made inert for spreadsheets. */
export const csvRow = (cells: readonly CsvCell[]): string =>
  `${cells.map((cell) => csvField(typeof cell === 'string' ? inertText(cell) : cell)).join(',')}\r\n`;

/** An exported file's first line: the byte order mark and the header. */
export const csvHeader = (columns: readonly string[]): string => `${UTF8_BOM}${csvRow(columns)}`;
