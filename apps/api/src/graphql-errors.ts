import { HttpException, Logger, ValidationError } from '@nestjs/common';
import { ExecutionResult, GraphQLError } from 'graphql';
import { DomainError, ErrorCode, InvalidInputError } from '@app/kernel';
import { httpStatusOf as statusOfCode } from './domain-error.filter';

const logger = new Logger('GraphQL');

/** Codes for errors raised by GraphQL itself rather than by the domain. */
const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
const BAD_REQUEST = 'BAD_REQUEST';
/**
 * Codes of requests that are not well-formed GraphQL over HTTP (bad JSON or parameters, too
 * large, wrong method or media type): every other refusal is GraphQL's, of a well-formed request.
 */
export const MALFORMED_REQUEST_CODES: ReadonlySet<string> = new Set([
  BAD_REQUEST,
  ErrorCode.PAYLOAD_TOO_LARGE,
]);
/** An answer refused for its size (see query-limits). */
export const ANSWER_TOO_LARGE = 'ANSWER_TOO_LARGE';

/** The HTTP status an error from Fastify carries, if any. */
const httpStatusOf = (error: Error | undefined): number | null => {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : null;
};

/** The ValidationPipe's refusal, named by its first field and rule; all of them in details. */
export function invalidInputFrom(errors: ValidationError[]): InvalidInputError {
  const flat = flatten(errors);
  const [first] = flat;
  const error = new InvalidInputError(
    first.field,
    first.rule,
    flat.map((problem) => problem.message).join('; '),
  );
  error.details.problems = flat;
  return error;
}

function flatten(
  errors: ValidationError[],
  prefix = '',
): { field: string; rule: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      message: message.replace(error.property, field),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Maps any error to one with `extensions.code`, exhaustively over the domain's codes. */
export function toApiError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original instanceof DomainError) {
    return withCode(error, original.message, codeOf(original.code), original.details);
  }
  if (original instanceof HttpException) {
    return withCode(error, original.message, ErrorCode.BAD_USER_INPUT, {});
  }
  const status = httpStatusOf(original);
  if (status === 413) return withCode(error, error.message, ErrorCode.PAYLOAD_TOO_LARGE, {});
  if (status !== null && status >= 400 && status < 500) {
    // Fastify or Mercurius refused the request itself (malformed JSON, a mutation over GET).
    return withCode(error, error.message, BAD_REQUEST, {});
  }
  if (!original || original instanceof GraphQLError) {
    // Parse and validation errors, wrongly typed variables among them: whichever rule failed,
    // the document was refused before it ran.
    return withCode(
      error,
      error.message,
      GRAPHQL_VALIDATION_FAILED,
      variableFieldOf(error.message),
    );
  }
  logger.error({ msg: 'unexpected error', error: original.message, stack: original.stack });
  return withCode(error, 'Internal error; it has been logged', INTERNAL_SERVER_ERROR, {});
}

/** GraphQL's wording of a variable it could not coerce: `Variable "$input" got invalid value ... at "input.achievedOn"; ...`. */
const INVALID_VARIABLE = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; /s;

/** The input a refused variable was for (`input.achievedOn`), so a form can show it by its field. */
export function variableFieldOf(message: string): { field?: string } {
  const match = INVALID_VARIABLE.exec(message);
  return match ? { field: match[2] ?? match[1] } : {};
}

function codeOf(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.BAD_USER_INPUT:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.VERSION_CONFLICT:
    case ErrorCode.IDEMPOTENCY_CONFLICT:
    case ErrorCode.NOT_FOUND:
    case ErrorCode.ALREADY_EXISTS:
    case ErrorCode.UNKNOWN_AREA:
    case ErrorCode.AREA_REPLACED:
    case ErrorCode.PAYLOAD_TOO_LARGE:
    case ErrorCode.UNAUTHENTICATED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.LIMIT_EXCEEDED:
      return code;
  }
}

function withCode(
  error: GraphQLError,
  message: string,
  code: string,
  details: Record<string, unknown>,
): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...details, code },
  });
}

/**
 * The errors inside one of Mercurius' refusals: a document's validation errors come wrapped in
 * one (400), and so do wrongly typed variables (see query-limits). A refusal of the request
 * itself (a mutation over GET, 405) keeps its status, worded by its detail.
 */
function unwrap(error: GraphQLError): GraphQLError[] {
  const original = error.originalError;
  const nested = (original as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(nested) || nested.length === 0) return [error];
  const details = nested as Error[];
  const status = httpStatusOf(original);
  if (status === null || status === 400) {
    return details.map((detail) =>
      detail instanceof GraphQLError ? detail : new GraphQLError(detail.message),
    );
  }
  return [new GraphQLError(details[0].message, { originalError: original })];
}

const isErrorCode = (code: string): code is ErrorCode =>
  (Object.values(ErrorCode) as string[]).includes(code);

/**
 * The HTTP status of an answer with no data: the request was refused before it ran (GraphQL over
 * HTTP's application/graphql-response+json; graphql-over-http answers application/json 200).
 */
function refusalStatus(errors: readonly GraphQLError[], mapped: GraphQLError[]): number {
  const refusedByHttp = errors
    .map((error) => httpStatusOf(error.originalError))
    .find((status) => status !== null);
  if (refusedByHttp) return refusedByHttp;
  const code = String(mapped[0]?.extensions.code);
  if (code === INTERNAL_SERVER_ERROR) return 500;
  return isErrorCode(code) ? statusOfCode(code) : 400;
}

/**
 * Mercurius' error formatter: every error leaves with a code. An operation that ran answers 200
 * with its data (partial, or null); one refused before it ran answers with no `data` entry, as
 * GraphQL asks, and a 4xx status (5xx for a fault).
 */
export function formatErrors(execution: ExecutionResult & { errors: readonly GraphQLError[] }): {
  statusCode: number;
  response: ExecutionResult;
} {
  const mapped = execution.errors.flatMap(unwrap).map(toApiError);
  if (execution.data !== undefined) {
    return { statusCode: 200, response: { data: execution.data, errors: mapped } };
  }
  return { statusCode: refusalStatus(execution.errors, mapped), response: { errors: mapped } };
}
