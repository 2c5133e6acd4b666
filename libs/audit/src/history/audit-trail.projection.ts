import {
  insertRows,
  integerKey,
  Projection,
  RecordedEvent,
  setUpCheckpoints,
  SqlValue,
} from '@app/event-store';
import type { EventMetadata } from '@app/kernel';
import { subjectsOf } from './stream-subjects';

const COLUMNS = [
  'position',
  'stream_id',
  'version',
  'type',
  'recorded_at',
  'occurred_at',
  'actor_id',
  'actor_role',
  'organisation',
  'recommendation_id',
  'programme_id',
  'area_code',
] as const;

function rowOf(event: RecordedEvent): SqlValue[] {
  const metadata = event.metadata as Partial<EventMetadata>;
  const subjects = subjectsOf(event.streamId);
  return [
    event.position,
    event.streamId,
    event.version,
    event.type,
    event.recordedAt,
    metadata.occurredAt ?? null,
    metadata.actor?.id ?? null,
    metadata.actor?.role ?? null,
    metadata.actor?.organisation ?? null,
    subjects.recommendationId,
    subjects.programmeId,
    subjects.areaCode,
  ];
}

/**
 * Every event of every stream, one row each, with the columns the history is filtered on and
 * where to find the event in its stream. The events themselves (data and metadata, about a
 * kilobyte each with the integrity block) are read from the store when a page is served:
 * a second copy of every event made the rebuild write the store over again. A read model like
 * any other: rebuilt from the events at will.
 */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  tables: ['audit_entries'],
  streamPrefix: '',
  // Position order is the table's own (the primary key); each index serves a filter, paged by
  // position. A local authority's scope (area or organisation) uses the area and organisation
  // ones; recorded_at rises with position, but not strictly enough to go without its own.
  // Only recommendation streams name a recommendation: the index leaves out the other events
  // (nearly all of them), and `recommendation_id = ?` implies the condition in both databases.
  indexes: [
    'CREATE INDEX IF NOT EXISTS audit_entries_by_stream ON audit_entries (stream_id, position)',
    `CREATE INDEX IF NOT EXISTS audit_entries_of_recommendations ON audit_entries (recommendation_id, position)
       WHERE recommendation_id IS NOT NULL`,
    'CREATE INDEX IF NOT EXISTS audit_entries_by_programme ON audit_entries (programme_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_entries_by_area ON audit_entries (area_code, position)',
    'CREATE INDEX IF NOT EXISTS audit_entries_by_actor ON audit_entries (actor_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_entries_by_organisation ON audit_entries (organisation, position)',
    'CREATE INDEX IF NOT EXISTS audit_entries_by_type ON audit_entries (type, position)',
    'CREATE INDEX IF NOT EXISTS audit_entries_by_recorded ON audit_entries (recorded_at)',
    'CREATE INDEX IF NOT EXISTS audit_entries_by_occurred ON audit_entries (occurred_at)',
  ],

  async setup(db): Promise<void> {
    await db.exec(`
      CREATE TABLE IF NOT EXISTS audit_entries (
        position ${integerKey(db)} PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        type TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        occurred_at TEXT,
        actor_id TEXT,
        actor_role TEXT,
        organisation TEXT,
        recommendation_id TEXT,
        programme_id TEXT,
        area_code TEXT
      )`);
    // The trail used to keep a copy of every event in audit_trail. Read models built before
    // then are moved over here: the old table dropped, and the trail replayed from the start
    // into the new one (an empty trail with a checkpoint past 0 can only come from that).
    await db.exec('DROP TABLE IF EXISTS audit_trail');
    // Read models built before the recommendation index was partial: its full version goes.
    await db.exec('DROP INDEX IF EXISTS audit_entries_by_recommendation');
    await setUpCheckpoints(db);
    if (!(await db.get('SELECT position FROM audit_entries LIMIT 1'))) {
      await db.run(`DELETE FROM projection_checkpoints WHERE name = 'audit-trail'`);
    }
  },

  async apply(db, event): Promise<void> {
    // An event at a position never changes: applying it again (a replay) changes nothing.
    await insertRows(
      db,
      'audit_entries',
      COLUMNS,
      [rowOf(event)],
      'ON CONFLICT (position) DO NOTHING',
    );
  },

  async applyBatch(db, events): Promise<void> {
    await insertRows(
      db,
      'audit_entries',
      COLUMNS,
      events.map(rowOf),
      'ON CONFLICT (position) DO NOTHING',
    );
  },
};
