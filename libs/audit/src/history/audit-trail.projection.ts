import { integerKey, Projection } from '@app/event-store';
import type { EventMetadata } from '@app/kernel';
import { subjectsOf } from './stream-subjects';

/**
 * Every event of every stream, one row each, with the columns the history is filtered on and
 * the event as stored. A read model like any other: rebuilt from the events at will.
 */
export const auditTrailProjection: Projection = {
  name: 'audit-trail',
  tables: ['audit_trail'],
  streamPrefix: '',
  indexes: [
    'CREATE INDEX IF NOT EXISTS audit_by_stream ON audit_trail (stream_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_recommendation ON audit_trail (recommendation_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_programme ON audit_trail (programme_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_area ON audit_trail (area_code, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_trail (actor_id, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_organisation ON audit_trail (organisation, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_type ON audit_trail (type, position)',
    'CREATE INDEX IF NOT EXISTS audit_by_recorded ON audit_trail (recorded_at)',
    'CREATE INDEX IF NOT EXISTS audit_by_occurred ON audit_trail (occurred_at)',
  ],

  setup: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_trail (
        position ${integerKey(db)} PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        occurred_at TEXT,
        actor_id TEXT,
        actor_role TEXT,
        organisation TEXT,
        recommendation_id TEXT,
        programme_id TEXT,
        area_code TEXT,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL
      )`),

  async apply(db, event): Promise<void> {
    const metadata = event.metadata as Partial<EventMetadata>;
    const subjects = subjectsOf(event.streamId);
    // An event at a position never changes: applying it again (a replay) changes nothing.
    await db.run(
      `INSERT INTO audit_trail (position, stream_id, version, event_id, type, recorded_at,
         occurred_at, actor_id, actor_role, organisation, recommendation_id, programme_id, area_code, data, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING`,
      [
        event.position,
        event.streamId,
        event.version,
        event.eventId,
        event.type,
        event.recordedAt,
        metadata.occurredAt ?? null,
        metadata.actor?.id ?? null,
        metadata.actor?.role ?? null,
        metadata.actor?.organisation ?? null,
        subjects.recommendationId,
        subjects.programmeId,
        subjects.areaCode,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
      ],
    );
  },
};
