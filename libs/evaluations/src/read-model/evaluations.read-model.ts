import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionReadModel,
  ReadModelDatabase,
  SqlValue,
} from '@app/event-store';
import { happenedBy, isCurrent, recordedBy, type EventMetadata, type TimeSlice } from '@app/kernel';
import { RUN_PROJECTIONS } from '@app/platform';
import {
  evaluationStream,
  foldEvaluation,
  type Evaluation,
  type EvaluationEvent,
  type EvaluationSubjectKind,
} from '../domain/evaluation';
import { evaluationsProjection } from './evaluations.projection';

export interface EvaluationFilter {
  subjectKind?: EvaluationSubjectKind | null;
  subjectId?: string | null;
}

/** Evaluations as pages, downloads and the API list them, from the SQL read model. */
@Injectable()
export class EvaluationsReadModel extends ProjectionReadModel {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) runsProjection: boolean,
  ) {
    super(store, database, evaluationsProjection, runsProjection);
  }

  /** The evaluations that match, latest published first. */
  async list(filter: EvaluationFilter = {}): Promise<Evaluation[]> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    if (filter.subjectKind) {
      conditions.push('subject_kind = ?');
      params.push(filter.subjectKind);
    }
    if (filter.subjectId) {
      conditions.push('subject_id = ?');
      params.push(filter.subjectId);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.database.sql.all<{ state: string }>(
      `SELECT state FROM evaluations ${where} ORDER BY published_on DESC, id`,
      params,
    );
    return rows.map((row) => JSON.parse(row.state) as Evaluation);
  }

  /**
   * The evaluations that match as a time slice sees them: each folded from the events of its
   * stream recorded by asOf that had happened by validAt (its subject never changes, so the
   * read model chooses the streams). Latest published first.
   */
  async listIn(filter: EvaluationFilter, slice: TimeSlice): Promise<Evaluation[]> {
    const current = await this.list(filter);
    if (isCurrent(slice)) return current;
    const seen = await Promise.all(
      current.map(async ({ id }) => {
        const events = (await this.store.readStream(evaluationStream(id)))
          .filter(recordedBy(slice))
          .filter((event) =>
            happenedBy(slice, (event.metadata as unknown as EventMetadata).occurredAt),
          );
        return foldEvaluation(events.map(({ type, data }) => ({ type, data }) as EvaluationEvent));
      }),
    );
    return seen
      .filter((evaluation): evaluation is Evaluation => evaluation !== null)
      .sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || a.id.localeCompare(b.id));
  }
}
