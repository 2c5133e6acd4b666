import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store.port';

/** A read model derived only from events. */
export interface Projection {
  /** Checkpoint key; also names the read model in health and rebuilds. */
  readonly name: string;
  /** The tables it keeps, for rebuilds that copy or replace them. */
  readonly tables: readonly string[];
  /** Only events of streams with this prefix are delivered. */
  readonly streamPrefix: string;
  /** Creates the read model's tables if missing. */
  setup(db: Database.Database): void;
  /** Applies one event inside the projection's transaction. */
  apply(db: Database.Database, event: RecordedEvent): void;
  /**
   * Applies a batch in global order, inside one transaction; by default event by event. A
   * projection that folds per stream can load and write each stream's row once per batch.
   */
  applyBatch?(db: Database.Database, events: readonly RecordedEvent[]): void;
  /** Secondary indexes, created after the tables: a rebuild creates them once it has loaded. */
  readonly indexes?: readonly string[];
}

/** Creates a projection's tables and its indexes. */
export function setUpProjection(projection: Projection, db: Database.Database): void {
  projection.setup(db);
  for (const index of projection.indexes ?? []) db.exec(index);
}

/** Applies a batch through the projection's own batch path if it has one. */
export function applyEvents(
  projection: Projection,
  db: Database.Database,
  events: readonly RecordedEvent[],
): void {
  if (projection.applyBatch) projection.applyBatch(db, events);
  else for (const event of events) projection.apply(db, event);
}
