/**
 * The one error vocabulary of Reform Tracker. Domain rules raise these; the API maps each
 * code to a GraphQL error once (see apps/api/src/graphql-errors.ts).
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  /** A command id already used for another request: a retry must send the same request. */
  IDEMPOTENCY_CONFLICT = 'IDEMPOTENCY_CONFLICT',
  NOT_FOUND = 'NOT_FOUND',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  UNKNOWN_AREA = 'UNKNOWN_AREA',
  /** The area was replaced by successors (a reorganisation) before the date reported. */
  AREA_REPLACED = 'AREA_REPLACED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** More of something (live subscriptions) than one client may hold at once. */
  LIMIT_EXCEEDED = 'LIMIT_EXCEEDED',
}

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /**
   * GraphQL copies an original error's extensions onto the error it reports, so a refusal keeps
   * its code even where the API's error formatter does not run (subscription set-up).
   */
  get extensions(): ErrorDetails {
    return { ...this.details, code: this.code };
  }
}

/** A refused input: names the field and the rule it broke. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(ErrorCode.BAD_USER_INPUT, message, { field, rule });
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError(ErrorCode.NOT_FOUND, `${what} ${id} was not found`, { id });

/** For given/when/then tests: runs a decision expected to be refused and returns the refusal. */
export function refusal(decision: () => unknown): DomainError {
  try {
    decision();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}
