import { DomainError, ErrorCode } from '@app/kernel';
import type { EventStore, RecordedEvent } from './event-store.port';

/**
 * An adapter's optional capability to write events another store already recorded, each as it
 * was: id, stream, version, type, data, metadata, recordedAt and (where the database lets the
 * writer choose it) global position. It exists for `tracker migrate-store`, so that the hash
 * chains and seals of tamper evidence, which cover versions, recordedAt and positions, still
 * verify on the new store. Applications append through the port; never through this.
 */
export interface EventImport {
  /**
   * Whether imported events keep their global positions (SQLite, PostgreSQL). EventStoreDB's
   * server assigns log positions itself: there they keep only their order.
   */
  readonly importKeepsPositions: boolean;
  /**
   * Writes a batch of recorded events, in global order, after everything the store holds:
   * all or none (EventStoreDB: stream by stream, in order). Refuses with ImportRefusedError,
   * writing nothing, a batch that is malformed (positions not rising, versions of a stream not
   * contiguous, an id twice, a recordedAt not as the stores write it) or that does not continue
   * the store (a position not above its head, a stream's first version not the next one, an id
   * already stored). An empty batch writes nothing. Later appends come after the imported
   * events, and subscribers see them in order, as if they had been appended.
   */
  importRecorded(events: readonly RecordedEvent[]): Promise<void>;
}

export function supportsImport(store: EventStore): store is EventStore & EventImport {
  return typeof (store as Partial<EventImport>).importRecorded === 'function';
}

/** A batch of recorded events the store cannot take as they are. */
export class ImportRefusedError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.VERSION_CONFLICT, `Import refused: ${message}`, details);
  }
}

/** What an import batch is checked against: the store as its writer found it. */
export interface ImportTarget {
  /** The store's head position; null where imported events do not keep their positions. */
  head: number | null;
  /** A stream's current version (0 when it has none). */
  versionOf(streamId: string): number;
  /** Those of the batch's event ids that are already stored. */
  storedIds: ReadonlySet<string>;
}

/** Checks a batch on its own, before anything is written (see EventImport). */
export function checkImportBatch(events: readonly RecordedEvent[]): void {
  const lastVersions = new Map<string, number>();
  const ids = new Set<string>();
  let lastPosition = 0;
  for (const event of events) {
    const where = { eventId: event.eventId, streamId: event.streamId, position: event.position };
    if (!Number.isSafeInteger(event.position) || event.position <= lastPosition) {
      throw new ImportRefusedError(
        `positions must be whole numbers rising through the batch (${event.position} after ${lastPosition})`,
        where,
      );
    }
    lastPosition = event.position;
    const last = lastVersions.get(event.streamId);
    if (
      !Number.isSafeInteger(event.version) ||
      (last !== undefined && event.version !== last + 1)
    ) {
      throw new ImportRefusedError(
        `version ${event.version} of ${event.streamId} does not follow version ${last ?? 'none'} in the batch`,
        where,
      );
    }
    lastVersions.set(event.streamId, event.version);
    if (ids.has(event.eventId)) {
      throw new ImportRefusedError(`event id ${event.eventId} is in the batch twice`, where);
    }
    ids.add(event.eventId);
    // Every adapter writes toISOString(); another form could not round-trip through them all.
    const instant = new Date(event.recordedAt);
    if (Number.isNaN(instant.getTime()) || instant.toISOString() !== event.recordedAt) {
      throw new ImportRefusedError(
        `recordedAt "${event.recordedAt}" is not an ISO 8601 UTC instant in milliseconds`,
        where,
      );
    }
  }
}

/** Checks that a batch (already checked on its own, not empty) continues the store. */
export function checkImportContinues(
  events: readonly Pick<RecordedEvent, 'eventId' | 'streamId' | 'version' | 'position'>[],
  target: ImportTarget,
): void {
  const [first] = events;
  if (target.head !== null && first.position <= target.head) {
    throw new ImportRefusedError(
      `position ${first.position} is not after the store's head ${target.head}`,
      { position: first.position, head: target.head },
    );
  }
  const streams = new Set<string>();
  for (const { streamId, version, eventId } of events) {
    if (!streams.has(streamId)) {
      streams.add(streamId);
      const actual = target.versionOf(streamId);
      if (version !== actual + 1) {
        throw new ImportRefusedError(
          `${streamId} is at version ${actual}; the batch continues it from version ${version}`,
          { streamId, actualVersion: actual, version },
        );
      }
    }
    if (target.storedIds.has(eventId)) {
      throw new ImportRefusedError(`event id ${eventId} is already stored`, { eventId });
    }
  }
}
