import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionReadModel,
  ReadModelDatabase,
  SqlValue,
} from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/platform';
import type { Evaluation, EvaluationSubjectKind } from '../domain/evaluation';
import { evaluationsProjection } from './evaluations.projection';

export interface EvaluationFilter {
  subjectKind?: EvaluationSubjectKind | null;
  subjectId?: string | null;
}

/** Evaluations as pages, downloads and the API list them, from the SQL read model. */
@Injectable()
export class EvaluationsReadModel extends ProjectionReadModel {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
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
}
