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
