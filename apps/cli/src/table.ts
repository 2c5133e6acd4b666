/** Rows as an aligned plain-text table, the first row the heading, one line each. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => `${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`.trimEnd())
    .map((line) => `${line}\n`)
    .join('');
}
