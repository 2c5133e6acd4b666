import { DomainError, ErrorCode } from '@app/kernel';
import type { ExpectedVersion } from './event-store.port';

/** The stream was not at the version the writer expected: someone else wrote first. */
export class WrongExpectedVersionError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    /** The stream's actual version (0 when it does not exist). */
    readonly actualVersion: number,
  ) {
    super(
      ErrorCode.VERSION_CONFLICT,
      `Stream ${streamId} is at version ${actualVersion}, expected ${String(expectedVersion)}`,
      { streamId, expectedVersion, actualVersion },
    );
  }
}

/** A command id already handled for another request: nothing is written. */
export class IdempotencyConflictError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly commandId: string,
  ) {
    super(
      ErrorCode.IDEMPOTENCY_CONFLICT,
      `Command ${commandId} was already handled with a different request; a retry must send the same request, and a new request needs a new commandId`,
      { streamId, commandId },
    );
  }
}

export class EventTooLargeError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `An event for ${streamId} is ${sizeBytes} bytes; the limit is ${limitBytes}`,
      { streamId, sizeBytes, limitBytes },
    );
  }
}
