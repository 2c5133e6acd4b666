import type Database from 'better-sqlite3';
import { cachedStatement, Projection, RecordedEvent } from '@app/event-store';
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

  setup(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS recommendations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        stage TEXT NOT NULL,
        theme TEXT NOT NULL,
        source TEXT NOT NULL,
        version INTEGER NOT NULL,
        position INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS recommendations_by_stage ON recommendations (stage, id);
      CREATE INDEX IF NOT EXISTS recommendations_by_theme ON recommendations (theme, id);
      CREATE INDEX IF NOT EXISTS recommendations_by_source ON recommendations (source, id);
    `);
  },

  apply(db: Database.Database, event: RecordedEvent): void {
    const id = event.streamId.slice(RECOMMENDATION_STREAM_PREFIX.length);
    const row = cachedStatement(db, 'SELECT state FROM recommendations WHERE id = ?').get(id) as
      { state: string } | undefined;
    const before = row ? (JSON.parse(row.state) as RecommendationState) : null;
    const state = evolve(before, toHistoryEntry(event));
    cachedStatement(
      db,
      `INSERT INTO recommendations (id, title, stage, theme, source, version, position, state)
       VALUES (@id, @title, @stage, @theme, @source, @version, @position, @state)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, stage = excluded.stage,
         theme = excluded.theme, source = excluded.source, version = excluded.version,
         position = excluded.position, state = excluded.state`,
    ).run({
      id,
      title: state.title,
      stage: state.stage,
      theme: state.theme,
      source: state.source.name,
      version: state.version,
      position: event.position,
      state: JSON.stringify(state),
    });
  },
};
