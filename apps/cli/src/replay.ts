import { AREA_STREAM_PREFIX, foldSuccession } from '@app/areas';
import {
  applyEvents,
  EventStore,
  inMemoryReadModel,
  Projection,
  RecordedEvent,
} from '@app/event-store';
import { instantOf, InvalidInputError } from '@app/kernel';
import { foldFunding, FUNDING_STREAM_PREFIX } from '@app/funding';
import { foldStored, RECOMMENDATION_STREAM_PREFIX } from '@app/recommendations';
import {
  AREA_ROLLOUT_STREAM_PREFIX,
  areaRolloutFolder,
  foldProgramme,
  PROGRAMME_STREAM_PREFIX,
} from '@app/rollout';

/** Where a replay stops: a global position, or everything recorded by an instant. */
export type ReplayPoint = { position: number } | { recordedBy: string };

export function replayPointOf(to: string): ReplayPoint {
  if (/^\d+$/.test(to)) return { position: Number(to) };
  try {
    return { recordedBy: instantOf('to', to, true) };
  } catch {
    throw new InvalidInputError(
      'to',
      'positionOrInstant',
      '--to must be a global position (a whole number) or a date or ISO 8601 instant',
    );
  }
}

const reached =
  (point: ReplayPoint) =>
  (event: RecordedEvent): boolean =>
    'position' in point ? event.position <= point.position : event.recordedAt <= point.recordedBy;

/** A stream's state folded by its own context's rules; raw events for streams without one. */
function stateOf(streamId: string, events: RecordedEvent[]): unknown {
  if (streamId.startsWith(RECOMMENDATION_STREAM_PREFIX)) return foldStored(events);
  if (streamId.startsWith(PROGRAMME_STREAM_PREFIX)) return foldProgramme(events);
  if (streamId.startsWith(AREA_ROLLOUT_STREAM_PREFIX)) return areaRolloutFolder(streamId)(events);
  if (streamId.startsWith(AREA_STREAM_PREFIX)) return foldSuccession(events);
  if (streamId.startsWith(FUNDING_STREAM_PREFIX)) {
    return foldFunding(streamId.slice(FUNDING_STREAM_PREFIX.length), events);
  }
  return events.map(({ type, data }) => ({ type, data }));
}

/**
 * One stream as it stood at the point: its version, last position and folded state (version 0
 * if it began later). A stream the store does not hold is a mistake in its name.
 */
export async function replayStream(
  store: EventStore,
  streamId: string,
  point: ReplayPoint,
): Promise<{ streamId: string; version: number; position: number | null; state: unknown }> {
  const stored = await store.readStream(streamId);
  if (stored.length === 0) {
    const prefixes = [
      RECOMMENDATION_STREAM_PREFIX,
      PROGRAMME_STREAM_PREFIX,
      AREA_ROLLOUT_STREAM_PREFIX,
      AREA_STREAM_PREFIX,
      FUNDING_STREAM_PREFIX,
    ];
    throw new InvalidInputError(
      'stream',
      'known',
      `There is no stream ${streamId} in the store; stream names begin with ${prefixes.join(', ')} (tracker export audit lists them)`,
    );
  }
  const events = stored.filter(reached(point));
  return {
    streamId,
    version: events.length,
    position: events.at(-1)?.position ?? null,
    state: stateOf(streamId, events),
  };
}

/** A read model built in memory from the first event to the point: its rows, table by table. */
export async function replayReadModel(
  store: EventStore,
  projection: Projection,
  point: ReplayPoint,
): Promise<Record<string, unknown[]>> {
  const db = await inMemoryReadModel(projection);
  try {
    const stop = reached(point);
    for (let after = 0; ;) {
      const page = await store.readAll({
        after,
        maxCount: 5000,
        streamPrefix: projection.streamPrefix,
      });
      const included = page.filter(stop);
      await applyEvents(projection, db, included);
      if (page.length < 5000 || included.length < page.length) break;
      after = page[page.length - 1].position;
    }
    const tables = await Promise.all(
      projection.tables.map(async (table) => [table, await db.all(`SELECT * FROM ${table}`)]),
    );
    return Object.fromEntries(tables) as Record<string, unknown[]>;
  } finally {
    db.db.close();
  }
}
