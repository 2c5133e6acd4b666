import type { AppendExpectedRevision, CurrentRevision, Position } from '@eventstore/db-client';
import { EventTooLargeError, WrongExpectedVersionError } from '../errors';
import type { ExpectedVersion } from '../event-store.port';

/**
 * The pure translations between the port and EventStoreDB (KurrentDB), kept apart from the
 * client so they are unit-tested without a server. Only types come from the client here: its
 * constants are these strings (`dist/constants.d.ts`), and its errors are recognised by their
 * `type` (`dist/utils/CommandError.d.ts`), which also holds across copies of the module.
 */

/**
 * The port counts events (a stream with 3 events is at version 3, a missing one at 0);
 * EventStoreDB numbers them from 0 (its last event is revision 2). So an exact version n is
 * revision n - 1, and version 0 means the stream must not exist.
 */
export function toExpectedRevision(expected: ExpectedVersion): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return 'no_stream';
    case 'any':
      return 'any';
    case 'exists':
      return 'stream_exists';
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new Error(`An expected version is a whole number of events (got ${expected})`);
      }
      return expected === 0 ? 'no_stream' : BigInt(expected - 1);
  }
}

/** The port's version of a stream whose last revision EventStoreDB reports (0 when none). */
export function versionOfRevision(current: CurrentRevision): number {
  if (current === 'no_stream' || current < 0n) return 0;
  return toSafeNumber(current + 1n, 'stream revision');
}

/**
 * The port's global position of an event: its commit position. Events appended over gRPC are
 * committed one by one ("implicit transactions"), so each event's commit position is its own
 * log position, equal to its prepare position, unique and rising in the order of `$all`.
 * Only events of the legacy TCP API's explicit transactions share a commit position; the
 * adapter never writes those, and refuses to hand them over (see toPortPosition's caller).
 * A number holds positions up to 2^53 - 1 bytes of log (8 PiB) exactly; beyond that this throws
 * rather than round.
 */
export function toPortPosition(position: Position): number {
  return toSafeNumber(position.commit, 'commit position');
}

/**
 * Where to resume reading after the port's position `after`: the event there, whose commit and
 * prepare positions are both `after`. EventStoreDB reads forwards from a position inclusively,
 * so the reader drops the event at `after` itself (see isAfter).
 */
export function positionAfter(after: number): Position {
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new Error(`A global position is a whole number >= 0 (got ${after})`);
  }
  return { commit: BigInt(after), prepare: BigInt(after) };
}

/** Whether `position` comes strictly after `cursor` in the order of `$all`. */
export function isAfter(position: Position, cursor: Position | null): boolean {
  if (cursor === null) return true;
  if (position.commit !== cursor.commit) return position.commit > cursor.commit;
  return position.prepare > cursor.prepare;
}

/**
 * Whether an event belongs to the server rather than to an application: system streams and
 * event types start with `$` (`$stats-...`, `$settings`, `$metadata`, links `$>`...).
 */
export function isSystemEvent(streamName: string, type: string): boolean {
  return streamName.startsWith('$') || type.startsWith('$');
}

/**
 * The metadata key under which an imported event carries the recordedAt it had in the store it
 * came from: the server sets `created` itself, so the adapter reads this back as recordedAt
 * (and leaves it out of the metadata it hands over, which the hash chains cover).
 */
export const IMPORTED_RECORDED_AT = '$recordedAt';

/**
 * KurrentDB renamed the schemes (kurrentdb://, kurrentdb+discover://); the 6.x client knows
 * only esdb:// and esdb+discover://, which mean the same.
 */
export function clientConnectionString(connectionString: string): string {
  return connectionString.replace(/^kurrentdb(\+discover)?:\/\//i, (_, discover?: string) =>
    discover ? 'esdb+discover://' : 'esdb://',
  );
}

/** A connection string fit for a message: any password masked. */
export function redactedConnectionString(connectionString: string): string {
  return connectionString.replace(/^([a-z+]+:\/\/[^:@/?#,]*):[^@/?#]*@/i, '$1:***@');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * EventStoreDB identifies events by UUID (the server parses the id as one) and hands them back
 * in lower case; any other id is refused before anything is sent.
 */
export function normalisedEventId(eventId: string): string {
  if (!UUID.test(eventId)) {
    throw new Error(`EventStoreDB event ids are UUIDs (got "${eventId}")`);
  }
  return eventId.toLowerCase();
}

/** The client's errors, by the `type` they carry. */
export const ESDB_ERROR = {
  wrongExpectedVersion: 'wrong-expected-version',
  streamNotFound: 'stream-not-found',
  maxAppendSizeExceeded: 'maximum-append-size-exceeded',
} as const;

/**
 * Errors after which trying again later may succeed: the server restarting or cancelling the
 * call as it shuts down, a leader changing, a subscriber dropped as too slow (a timeout).
 */
const TRANSIENT = new Set([
  'unavailable',
  'deadline-exceeded',
  'timeout',
  'not-leader',
  'cancelled',
]);

/** By a property, not `instanceof`: an error made in another realm (a jest module registry) still counts. */
function typeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { type?: unknown }).type
    : undefined;
}

export function isStreamNotFound(error: unknown): boolean {
  return typeOf(error) === ESDB_ERROR.streamNotFound;
}

export function isTransient(error: unknown): boolean {
  const type = typeOf(error);
  return typeof type === 'string' && TRANSIENT.has(type);
}

/**
 * An append's failure in the port's terms: a wrong expected version carries the stream's
 * actual version (revision + 1, or 0 for no stream); an append over the server's size limit
 * (its `--max-append-size`) is an EventTooLargeError. Anything else is passed on unchanged.
 */
export function toPortAppendError(
  error: unknown,
  append: { streamId: string; expectedVersion: ExpectedVersion; sizeBytes: number },
): unknown {
  switch (typeOf(error)) {
    case ESDB_ERROR.wrongExpectedVersion: {
      const { actualVersion } = error as { actualVersion: CurrentRevision };
      return new WrongExpectedVersionError(
        append.streamId,
        append.expectedVersion,
        versionOfRevision(actualVersion),
      );
    }
    case ESDB_ERROR.maxAppendSizeExceeded: {
      const { maxAppendSize } = error as { maxAppendSize: number };
      return new EventTooLargeError(append.streamId, append.sizeBytes, maxAppendSize);
    }
    default:
      return error;
  }
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`The ${what} ${value} is beyond 2^53 - 1, the port's largest exact number`);
  }
  return Number(value);
}
