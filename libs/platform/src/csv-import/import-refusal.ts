import type { FastifyReply, FastifyRequest } from 'fastify';
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

const importRefusal = <Problem>(
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

/**
 * Runs an import for an HTTP request and answers it: the result (200), or its refusal (422)
 * when a real run found errors. An upload refused before its end (bad header, too large) was
 * not read to the end: the connection is closed after answering rather than the rest read.
 */
export async function importAnswer<
  Problem,
  Result extends ImportCounts<Problem> & { dryRun: boolean },
>(
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<Result>,
  refusalMessage: (result: Result) => string,
): Promise<Result | ImportRefusal<Problem>> {
  try {
    const result = await run();
    if (result.dryRun || result.errorCount === 0) return result;
    void reply.status(422);
    return importRefusal(result, refusalMessage(result));
  } finally {
    if (!request.raw.complete) void reply.header('connection', 'close');
  }
}
