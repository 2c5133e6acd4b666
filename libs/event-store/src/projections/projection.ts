import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store.port';

/** A read model derived only from events. */
export interface Projection {
  /** Checkpoint key; also names the read model in health and rebuilds. */
  readonly name: string;
  /** Only events of streams with this prefix are delivered. */
  readonly streamPrefix: string;
  /** Creates the read model's tables if missing. */
  setup(db: Database.Database): void;
  /** Applies one event inside the projection's transaction. */
  apply(db: Database.Database, event: RecordedEvent): void;
}
