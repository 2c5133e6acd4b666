import { randomUUID } from 'crypto';
import { EventTooLargeError } from './errors';
import { checkImportBatch } from './event-import';
import type { ExpectedVersion, NewEvent, RecordedEvent, StreamAppend } from './event-store.port';

/** An event as a SQL adapter stores it: its data and metadata as JSON text. */
export interface EncodedEvent {
  eventId: string;
  /** The store drew the id (a random UUID): no stored event can have it. */
  generatedId: boolean;
  type: string;
  data: string;
  metadata: string;
}

export interface EncodedAppend {
  streamId: string;
  events: EncodedEvent[];
  expectedVersion: ExpectedVersion;
}

/**
 * Checks one caller's unit (an append, or an atomic multi-stream append) and encodes it, with
 * the refusals the port promises: a stream named twice, an append of no events, an event over
 * the size limit (its JSON data and metadata, in bytes).
 */
export function encodeAppends(appends: StreamAppend[], maxEventBytes: number): EncodedAppend[] {
  checkAppends(appends);
  return appends.map(({ streamId, events, expectedVersion }) => ({
    streamId,
    events: events.map((event) => encodeEvent(streamId, event, maxEventBytes)),
    expectedVersion,
  }));
}

/** A unit of more events than this (an import) is encoded and written in paced steps. */
export const PACED_FROM_EVENTS = 1000;

/**
 * encodeAppends for a large unit, taking turns with other requests (`pace`, see turnTaker):
 * encoded in one go, an import's 49,500 events held the event loop for 600 ms and more.
 */
export async function encodeAppendsPaced(
  appends: StreamAppend[],
  maxEventBytes: number,
  pace: () => Promise<void>,
): Promise<EncodedAppend[]> {
  checkAppends(appends);
  const encoded: EncodedAppend[] = [];
  for (const { streamId, events, expectedVersion } of appends) {
    const append: EncodedAppend = { streamId, events: [], expectedVersion };
    for (const event of events) {
      append.events.push(encodeEvent(streamId, event, maxEventBytes));
      await pace();
    }
    encoded.push(append);
  }
  return encoded;
}

/** The refusals of a unit as a whole: a stream named twice, an append of no events. */
export function checkAppends(appends: StreamAppend[]): void {
  const streams = new Set(appends.map((append) => append.streamId));
  if (streams.size < appends.length) throw new Error('Each stream may be appended to once');
  if (appends.some((append) => append.events.length === 0)) {
    throw new Error('An append needs at least one event');
  }
}

/** A recorded event to import, encoded as a SQL adapter stores it. */
export interface EncodedRecordedEvent extends EncodedEvent {
  streamId: string;
  version: number;
  position: number;
  recordedAt: string;
}

/**
 * Checks an import batch on its own (see checkImportBatch) and encodes it, refusing an event
 * over the size limit as an append would.
 */
export function encodeRecorded(
  events: readonly RecordedEvent[],
  maxEventBytes: number,
): EncodedRecordedEvent[] {
  checkImportBatch(events);
  return events.map((event) => ({
    ...encodeEvent(event.streamId, event, maxEventBytes),
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    recordedAt: event.recordedAt,
  }));
}

/** One event's JSON, refused over the size limit (its data and metadata, in bytes). */
export function encodeEvent(
  streamId: string,
  event: NewEvent,
  maxEventBytes: number,
): EncodedEvent {
  const data = JSON.stringify(event.data);
  const metadata = JSON.stringify(event.metadata);
  const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
  if (size > maxEventBytes) throw new EventTooLargeError(streamId, size, maxEventBytes);
  return {
    eventId: event.eventId ?? randomUUID(),
    generatedId: event.eventId === undefined,
    type: event.type,
    data,
    metadata,
  };
}
