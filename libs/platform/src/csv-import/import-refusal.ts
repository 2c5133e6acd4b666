import { ErrorCode } from '@app/kernel';

/** What every import counts, for its refusal. */
export interface ImportCounts<Problem> {
  rows: number;
  errorCount: number;
  /** Checking stopped at the most errors checked: rows after `rows` were not read. */
  stoppedEarly: boolean;
  errors: Problem[];
}

/** The answer to a refused import (HTTP 422): nothing was written. */
export interface ImportRefusal<Problem> {
  error: { code: ErrorCode.BAD_USER_INPUT; message: string } & ImportCounts<Problem>;
}

/** Why an import was refused, for people: when checking stopped early, what to do next. */
export function importRefusalMessage(
  { errorCount, rows, stoppedEarly }: ImportCounts<unknown>,
  maxErrors: number,
  what = 'The file',
): string {
  return stoppedEarly
    ? `${what} was refused: checking stopped at row ${rows} after ${errorCount} errors (the most checked is ${maxErrors}); fix these and import again. Nothing was written`
    : `${what} was refused with ${errorCount} error(s) in ${rows} rows; nothing was written`;
}

export const importRefusal = <Problem>(
  result: ImportCounts<Problem>,
  message: string,
): ImportRefusal<Problem> => ({
  error: {
    code: ErrorCode.BAD_USER_INPUT,
    message,
    rows: result.rows,
    errorCount: result.errorCount,
    stoppedEarly: result.stoppedEarly,
    errors: result.errors,
  },
});
