import { integerKey, Projection, RecordedEvent } from '@app/event-store';
import { SOURCE_STREAM_PREFIX } from '../domain/source.events';
import { evolve, Source } from '../domain/source.state';
import { toHistoryEntry } from '../domain/recorded';

/**
 * One row per source, with the columns lists filter and sort on and the folded source as JSON,
 * by the domain's own evolve.
 */
export const sourcesProjection: Projection = {
  name: 'sources',
  tables: ['sources'],
  streamPrefix: SOURCE_STREAM_PREFIX,
  indexes: ['CREATE INDEX IF NOT EXISTS sources_by_kind ON sources (kind, published_on, id)'],

  setup: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        published_on TEXT NOT NULL,
        version INTEGER NOT NULL,
        position ${integerKey(db)} NOT NULL,
        state TEXT NOT NULL
      )`),

  async apply(db, event: RecordedEvent): Promise<void> {
    const id = event.streamId.slice(SOURCE_STREAM_PREFIX.length);
    const row = await db.get<{ state: string }>('SELECT state FROM sources WHERE id = ?', [id]);
    const state = evolve(row ? (JSON.parse(row.state) as Source) : null, toHistoryEntry(event));
    await db.run(
      `INSERT INTO sources (id, kind, published_on, version, position, state)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, published_on = excluded.published_on,
         version = excluded.version, position = excluded.position, state = excluded.state`,
      [id, state.kind, state.publishedOn, state.version, event.position, JSON.stringify(state)],
    );
  },
};
