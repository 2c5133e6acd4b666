import type Database from 'better-sqlite3';
import { createHash } from 'crypto';
import { unlinkSync } from 'fs';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { applyEvents, Projection } from './projection';
import {
  activeReadModelFile,
  cachedStatement,
  openReadModelFile,
  pointReadModelsAt,
} from './read-model-database';

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

/** Large pages: fewer transactions, and projections that fold per stream write each row once. */
const PAGE = 20_000;

/** Every read model, and those asked for, by name; an unknown name is the caller's mistake. */
function chosen(projections: readonly Projection[], names: readonly string[]): Projection[] {
  const unknown = names.filter(
    (name) => !projections.some((projection) => projection.name === name),
  );
  if (unknown.length > 0) {
    throw new Error(
      `Unknown read model(s): ${unknown.join(', ')}; known: ${projections.map((p) => p.name).join(', ')}`,
    );
  }
  return names.length
    ? projections.filter((projection) => names.includes(projection.name))
    : [...projections];
}

/** Copies the other read models as they stand now (one read transaction: a consistent snapshot). */
function copyUnchanged(target: Database.Database, source: string, projections: Projection[]): void {
  if (projections.length === 0) return;
  target.prepare('ATTACH DATABASE ? AS source').run(source);
  try {
    target.transaction(() => {
      for (const projection of projections) {
        for (const table of projection.tables) {
          target.exec(`INSERT INTO main.${table} SELECT * FROM source.${table}`);
        }
        target
          .prepare(
            'INSERT INTO main.projection_checkpoints SELECT * FROM source.projection_checkpoints WHERE name = ?',
          )
          .run(projection.name);
      }
    })();
  } finally {
    target.exec('DETACH DATABASE source');
  }
}

function applyPage(
  target: Database.Database,
  projections: Projection[],
  page: RecordedEvent[],
): void {
  const position = page[page.length - 1].position;
  target.transaction(() => {
    for (const projection of projections) {
      const events = page.filter((event) => event.streamId.startsWith(projection.streamPrefix));
      // Projections see only their own streams' events, in global order, as when live.
      if (events.length > 0) applyEvents(projection, target, events);
    }
    for (const projection of projections) {
      cachedStatement(
        target,
        `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
      ).run(projection.name, position);
    }
  })();
}

/**
 * Rebuilds read models from the events without stopping the API: into a new file beside the
 * one in use (the others copied over as they stand), catching up with the store until a page
 * comes back short, then pointing `<base>.current` at it for servers to swap to.
 */
export async function rebuildReadModels(options: {
  store: EventStore;
  base: string;
  projections: readonly Projection[];
  names?: readonly string[];
  onProgress?: (progress: RebuildProgress) => void;
}): Promise<RebuildReport> {
  const { store, base, projections } = options;
  const rebuilt = chosen(projections, options.names ?? []);
  const copied = projections.filter((projection) => !rebuilt.includes(projection));
  const current = activeReadModelFile(base);
  const file = `${base.replace(/\.sqlite$/, '')}.${Date.now()}.sqlite`;
  const target = openReadModelFile(file);
  const started = process.hrtime.bigint();
  let events = 0;
  let position = 0;
  try {
    for (const projection of projections) projection.setup(target);
    copyUnchanged(target, current, copied);
    const head = await store.headPosition();
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: PAGE });
      if (page.length > 0) {
        applyPage(target, rebuilt, page);
        position = page[page.length - 1].position;
        events += page.length;
        options.onProgress?.({ events, position, head: Math.max(head, position) });
      }
      if (page.length < PAGE) break;
    }
    // Indexes are built once over the loaded rows rather than updated row by row.
    for (const projection of projections)
      for (const index of projection.indexes ?? []) target.exec(index);
    target.close();
  } catch (error) {
    target.close();
    unlinkSync(file);
    throw error;
  }
  pointReadModelsAt(base, file);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    file,
    rebuilt: rebuilt.map((projection) => projection.name),
    copied: copied.map((projection) => projection.name),
    events,
    seconds,
    eventsPerSecond: events / Math.max(seconds, 1e-9),
    position,
  };
}

/** A digest of every row of each read model's tables, to compare one build with another. */
export function readModelDigest(
  db: Database.Database,
  projections: readonly Projection[],
): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const projection of projections) {
    for (const table of projection.tables) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all().length;
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).iterate()) {
        hash.update(JSON.stringify(row)).update('\n');
      }
      digests[table] = hash.digest('hex');
    }
  }
  return digests;
}
