import { integerKey, Projection, RecordedEvent } from '@app/event-store';
import {
  Evaluation,
  EvaluationEvent,
  EVALUATION_STREAM_PREFIX,
  evolveEvaluation,
} from '../domain/evaluation';

/**
 * One row per evaluation, with the columns lists filter and sort on and the folded evaluation
 * as JSON, by the domain's own evolve.
 */
export const evaluationsProjection: Projection = {
  name: 'evaluations',
  tables: ['evaluations'],
  streamPrefix: EVALUATION_STREAM_PREFIX,
  indexes: [
    'CREATE INDEX IF NOT EXISTS evaluations_by_subject ON evaluations (subject_kind, subject_id, published_on)',
  ],

  setup: (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS evaluations (
        id TEXT PRIMARY KEY,
        subject_kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        published_on TEXT NOT NULL,
        position ${integerKey(db)} NOT NULL,
        state TEXT NOT NULL
      )`),

  async apply(db, event: RecordedEvent): Promise<void> {
    const id = event.streamId.slice(EVALUATION_STREAM_PREFIX.length);
    const row = await db.get<{ state: string }>('SELECT state FROM evaluations WHERE id = ?', [id]);
    const evaluation = evolveEvaluation(row ? (JSON.parse(row.state) as Evaluation) : null, {
      type: event.type,
      data: event.data,
    } as EvaluationEvent);
    await db.run(
      `INSERT INTO evaluations (id, subject_kind, subject_id, published_on, position, state)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET subject_kind = excluded.subject_kind,
         subject_id = excluded.subject_id, published_on = excluded.published_on,
         position = excluded.position, state = excluded.state`,
      [
        id,
        evaluation.subject.kind,
        evaluation.subject.id,
        evaluation.publishedOn,
        event.position,
        JSON.stringify(evaluation),
      ],
    );
  },
};
