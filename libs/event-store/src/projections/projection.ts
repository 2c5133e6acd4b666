import type { RecordedEvent } from '../event-store.port';
import type { ReadModelSql } from './read-model-sql';

/** A read model derived only from events, written once in SQL both databases run. */
export interface Projection {
  /** Checkpoint key; also names the read model in health and rebuilds. */
  readonly name: string;
  /** The tables it keeps, for rebuilds that copy or replace them. */
  readonly tables: readonly string[];
  /** Only events of streams with this prefix are delivered. */
  readonly streamPrefix: string;
  /** Creates the read model's tables if missing. */
  setup(db: ReadModelSql): Promise<void>;
  /** Applies one event inside the projection's transaction. */
  apply(db: ReadModelSql, event: RecordedEvent): Promise<void>;
  /**
   * Applies a batch in global order, inside one transaction; by default event by event. A
   * projection that folds per stream can load and write each stream's row once per batch.
   */
  applyBatch?(db: ReadModelSql, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * For a rebuild, which nothing reads until it is complete: a fold that keeps each row's
   * state in memory from page to page and writes each row once, at the end, rather than
   * reading, parsing and writing it again on every page.
   */
  foldInMemory?(): InMemoryFold;
  /** Secondary indexes, created after the tables: a rebuild creates them once it has loaded. */
  readonly indexes?: readonly string[];
}

/** Rows folded in memory: `apply` in global order, then `write` into the (empty) tables once. */
export interface InMemoryFold {
  apply(events: readonly RecordedEvent[]): void;
  write(db: ReadModelSql): Promise<void>;
}

/** Creates a projection's tables and its indexes. */
export async function setUpProjection(projection: Projection, db: ReadModelSql): Promise<void> {
  await projection.setup(db);
  for (const index of projection.indexes ?? []) await db.exec(index);
}

/** Applies a batch through the projection's own batch path if it has one. */
export async function applyEvents(
  projection: Projection,
  db: ReadModelSql,
  events: readonly RecordedEvent[],
): Promise<void> {
  if (projection.applyBatch) return projection.applyBatch(db, events);
  for (const event of events) await projection.apply(db, event);
}
