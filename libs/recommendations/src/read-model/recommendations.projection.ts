import { integerKey, Projection, RecordedEvent } from '@app/event-store';
import { RECOMMENDATION_STREAM_PREFIX } from '../domain/recommendation.events';
import { evolve, RecommendationState } from '../domain/recommendation.state';
import { toHistoryEntry } from '../domain/recorded';

/**
 * One row per recommendation, with the columns lists filter on and the folded state as JSON.
 * The row is the domain's own evolve applied event by event: no second copy of the rules.
 */
export const recommendationsProjection: Projection = {
  name: 'recommendations',
  tables: ['recommendations'],
  streamPrefix: RECOMMENDATION_STREAM_PREFIX,
  indexes: [
    'CREATE INDEX IF NOT EXISTS recommendations_by_stage ON recommendations (stage, id)',
    'CREATE INDEX IF NOT EXISTS recommendations_by_theme ON recommendations (theme, id)',
    'CREATE INDEX IF NOT EXISTS recommendations_by_source ON recommendations (source, id)',
  ],

  setup: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS recommendations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        stage TEXT NOT NULL,
        theme TEXT NOT NULL,
        source TEXT NOT NULL,
        version INTEGER NOT NULL,
        position ${integerKey(db)} NOT NULL,
        state TEXT NOT NULL
      )`),

  async apply(db, event: RecordedEvent): Promise<void> {
    const id = event.streamId.slice(RECOMMENDATION_STREAM_PREFIX.length);
    const row = await db.get<{ state: string }>('SELECT state FROM recommendations WHERE id = ?', [
      id,
    ]);
    const before = row ? (JSON.parse(row.state) as RecommendationState) : null;
    const state = evolve(before, toHistoryEntry(event));
    await db.run(
      `INSERT INTO recommendations (id, title, stage, theme, source, version, position, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, stage = excluded.stage,
         theme = excluded.theme, source = excluded.source, version = excluded.version,
         position = excluded.position, state = excluded.state`,
      [
        id,
        state.title,
        state.stage,
        // The columns predate sources: a source with no themes is kept as '', a source by its id.
        state.theme ?? '',
        state.sourceId ?? state.source?.name ?? '',
        state.version,
        event.position,
        JSON.stringify(state),
      ],
    );
  },
};
