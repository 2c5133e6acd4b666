import type { ClientBase } from 'pg';
import type { EncodedRecordedEvent } from '../encoded-append';
import { checkImportContinues } from '../event-import';
import type { StoreTables } from './migrations';
import { readState } from './postgres-append-batch';

/**
 * Writes a batch of recorded events with their own positions and recordedAt, after checking
 * that it continues the store. Runs in the caller's transaction holding the append lock, as
 * appends do (see writeAppendBatch): so positions still reach readers in order, and the next
 * append reads the head this batch left and takes the positions above it.
 */
export async function writeImportBatch(
  client: ClientBase,
  tables: StoreTables,
  events: EncodedRecordedEvent[],
): Promise<void> {
  const streams = new Map<string, EncodedRecordedEvent[]>();
  for (const event of events) {
    const stream = streams.get(event.streamId) ?? [];
    if (stream.length === 0) streams.set(event.streamId, stream);
    stream.push(event);
  }
  const state = await readState(
    client,
    tables,
    [...streams].map(([streamId, streamEvents]) => ({
      streamId,
      events: streamEvents,
      expectedVersion: 'any',
    })),
  );
  checkImportContinues(events, {
    head: state.head,
    versionOf: (streamId) => state.versions.get(streamId) ?? 0,
    storedIds: state.storedIds,
  });
  await client.query(
    `WITH inserted AS (
       INSERT INTO ${tables.events} (position, stream_id, version, event_id, type, data, metadata,
         recorded_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], $4::text[], $5::text[],
         $6::json[], $7::json[], $8::timestamptz[])
     )
     SELECT pg_notify($9, '')`,
    [
      events.map((event) => event.position),
      events.map((event) => event.streamId),
      events.map((event) => event.version),
      events.map((event) => event.eventId),
      events.map((event) => event.type),
      events.map((event) => event.data),
      events.map((event) => event.metadata),
      events.map((event) => event.recordedAt),
      tables.channel,
    ],
  );
}
