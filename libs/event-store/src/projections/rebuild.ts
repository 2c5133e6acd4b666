import { createHash } from 'crypto';
import { InvalidInputError } from '@app/kernel';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { applyEvents, InMemoryFold, Projection } from './projection';
import type { ReadModelDatabase } from './read-model-database';
import { writeCheckpoint, type ReadModelSql } from './read-model-sql';

export interface RebuildProgress {
  events: number;
  position: number;
  head: number;
}

export interface RebuildReport {
  file: string;
  rebuilt: string[];
  copied: string[];
  events: number;
  seconds: number;
  eventsPerSecond: number;
  position: number;
}

/**
 * Pages small enough that a page's parsed events die young: at 20,000 a page outlived V8's
 * young generation, and promoting then collecting it cost a quarter of the rebuild's CPU. Per
 * page there is only a transaction and a checkpoint, and the folds keep rows across pages.
 */
const PAGE = 2_000;

/** Every read model, and those asked for, by name; an unknown name is the caller's mistake. */
function chosen(projections: readonly Projection[], names: readonly string[]): Projection[] {
  const unknown = names.filter(
    (name) => !projections.some((projection) => projection.name === name),
  );
  if (unknown.length > 0) {
    throw new InvalidInputError(
      'readModels',
      'known',
      `Unknown read model(s): ${unknown.join(', ')}; known: ${projections.map((p) => p.name).join(', ')}`,
    );
  }
  return names.length
    ? projections.filter((projection) => names.includes(projection.name))
    : [...projections];
}

function applyPage(
  target: ReadModelDatabase,
  projections: Projection[],
  folds: Map<Projection, InMemoryFold>,
  page: RecordedEvent[],
): Promise<void> {
  const position = page[page.length - 1].position;
  return target.transaction(async (tx) => {
    for (const projection of projections) {
      const events = projection.streamPrefix
        ? page.filter((event) => event.streamId.startsWith(projection.streamPrefix))
        : page;
      // Projections see only their own streams' events, in global order, as when live.
      if (events.length === 0) continue;
      const fold = folds.get(projection);
      if (fold) fold.apply(events);
      else await applyEvents(projection, tx, events);
    }
    for (const projection of projections) await writeCheckpoint(tx, projection.name, position);
  });
}

/**
 * Rebuilds read models from the events without stopping the API: into a new database beside
 * the one in use (the others copied over as they stand), catching up with the store until a
 * page comes back short, then putting it in the place of the one in use.
 */
export async function rebuildReadModels(options: {
  store: EventStore;
  database: ReadModelDatabase;
  projections: readonly Projection[];
  names?: readonly string[];
  onProgress?: (progress: RebuildProgress) => void;
}): Promise<RebuildReport> {
  const { store, database, projections } = options;
  const rebuilt = chosen(projections, options.names ?? []);
  const copied = projections.filter((projection) => !rebuilt.includes(projection));
  const rebuild = await database.startRebuild(projections);
  const folds = new Map<Projection, InMemoryFold>();
  for (const projection of rebuilt) {
    const fold = projection.foldInMemory?.();
    if (fold) folds.set(projection, fold);
  }
  const started = process.hrtime.bigint();
  let events = 0;
  let position = 0;
  try {
    await rebuild.copy(copied);
    const head = await store.headPosition();
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: PAGE });
      if (page.length > 0) {
        await applyPage(rebuild.target, rebuilt, folds, page);
        position = page[page.length - 1].position;
        events += page.length;
        options.onProgress?.({ events, position, head: Math.max(head, position) });
      }
      if (page.length < PAGE) break;
    }
    // The rows folded in memory; the checkpoints already stand at the last page.
    await rebuild.target.transaction(async (tx) => {
      for (const fold of folds.values()) await fold.write(tx);
    });
    // Indexes are built once over the loaded rows rather than updated row by row.
    await rebuild.target.define(async (tx) => {
      for (const projection of projections)
        for (const index of projection.indexes ?? []) await tx.exec(index);
    });
  } catch (error) {
    await rebuild.abandon();
    throw error;
  }
  await rebuild.publish();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    file: rebuild.name,
    rebuilt: rebuilt.map((projection) => projection.name),
    copied: copied.map((projection) => projection.name),
    events,
    seconds,
    eventsPerSecond: events / Math.max(seconds, 1e-9),
    position,
  };
}

/** A digest of every row of each read model's tables, to compare one build with another. */
export async function readModelDigest(
  db: ReadModelSql,
  projections: readonly Projection[],
): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const projection of projections) {
    for (const table of projection.tables) {
      const rows = (await db.all<Record<string, unknown>>(`SELECT * FROM ${table}`)).map((row) =>
        JSON.stringify(row),
      );
      const hash = createHash('sha256');
      for (const row of rows.sort()) hash.update(row).update('\n');
      digests[table] = hash.digest('hex');
    }
  }
  return digests;
}
