import { Readable } from 'stream';
import { DomainError, ErrorCode, InvalidInputError } from '@app/kernel';

/** Largest file an import over HTTP reads (IMPORT_LIMIT_BYTES); provided by the host. */
export const IMPORT_LIMIT_BYTES = Symbol('IMPORT_LIMIT_BYTES');

export const fileTooLarge = (limitBytes: number): DomainError =>
  new DomainError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `The file is larger than the limit of ${limitBytes} bytes`,
    { limitBytes },
  );

/**
 * The stream's chunks, refused past the limit. Stopping early does not destroy the stream
 * (its iterator has no return()), so the answer can still go out on the connection.
 */
export function limitedUpload(
  stream: Readable,
  limitBytes: number,
  multipart = false,
): AsyncIterable<Buffer> {
  return {
    [Symbol.asyncIterator]: () => {
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      let received = 0;
      return {
        next: async () => {
          // A multipart body cut short fails its file part's stream: the upload is malformed.
          const next = await chunks.next().catch((error: unknown) => {
            throw multipart ? malformedUpload(error) : error;
          });
          if (!next.done && (received += next.value.length) > limitBytes) {
            throw fileTooLarge(limitBytes);
          }
          return next;
        },
      };
    },
  };
}

/** A multipart body the parser could not read (cut short, no closing boundary, bad headers). */
export function malformedUpload(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new InvalidInputError('file', 'multipart', `The multipart upload is malformed: ${reason}`);
}
