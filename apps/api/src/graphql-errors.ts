import { HttpException, Logger, ValidationError } from '@nestjs/common';
import { ExecutionResult, GraphQLError } from 'graphql';
import { DomainError, ErrorCode, InvalidInputError } from '@app/kernel';

const logger = new Logger('GraphQL');

/** Codes for errors raised by GraphQL itself rather than by the domain. */
const GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED';
const INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR';
const BAD_REQUEST = 'BAD_REQUEST';
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
  if (status === 413) return withCode(error, original!.message, ErrorCode.PAYLOAD_TOO_LARGE, {});
  if (status !== null && status >= 400 && status < 500) {
    // Fastify refused the request itself (malformed JSON, wrong content type).
    return withCode(error, original!.message, BAD_REQUEST, {});
  }
  if (!original || original instanceof GraphQLError) {
    // Parse and validation errors; wrongly typed variables are the user's input.
    const code = /^Variable "\$/.test(error.message)
      ? ErrorCode.BAD_USER_INPUT
      : GRAPHQL_VALIDATION_FAILED;
    return withCode(error, error.message, code, {});
  }
  logger.error({ msg: 'unexpected error', error: original.message, stack: original.stack });
  return withCode(error, 'Internal error; it has been logged', INTERNAL_SERVER_ERROR, {});
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

/** Mercurius' error formatter: every error leaves with a code. */
export function formatErrors(execution: ExecutionResult & { errors: readonly GraphQLError[] }): {
  statusCode: number;
  response: ExecutionResult;
} {
  const errors = execution.errors.flatMap((error) => {
    const nested = (error.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(nested) ? (nested as GraphQLError[]) : [error];
  });
  const mapped = errors.map(toApiError);
  const failedBeforeExecution = mapped.every(
    (error) => error.extensions.code === GRAPHQL_VALIDATION_FAILED,
  );
  // A request Fastify refused (too large, malformed) keeps its own status.
  const refusedRequest = errors
    .map((error) => httpStatusOf(error.originalError))
    .find((status) => status !== null);
  return {
    statusCode:
      refusedRequest ?? (execution.data === undefined && failedBeforeExecution ? 400 : 200),
    response: { data: execution.data ?? null, errors: mapped },
  };
}
