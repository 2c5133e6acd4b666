import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionReadModel,
  ReadModelDatabase,
  SqlValue,
} from '@app/event-store';
import { RUN_PROJECTIONS } from '@app/platform';
import type { SourceKind } from '../domain/source.events';
import type { Source } from '../domain/source.state';
import { sourcesProjection } from './sources.projection';

export interface SourceFilter {
  kind?: SourceKind | null;
}

/** Sources as the register lists them, oldest first, from the SQL read model. */
@Injectable()
export class SourcesReadModel extends ProjectionReadModel {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) runsProjection: boolean,
  ) {
    super(store, database, sourcesProjection, runsProjection);
  }

  async list(filter: SourceFilter = {}): Promise<Source[]> {
    const params: SqlValue[] = [];
    let where = '';
    if (filter.kind) {
      where = 'WHERE kind = ?';
      params.push(filter.kind);
    }
    const rows = await this.database.sql.all<{ state: string }>(
      `SELECT state FROM sources ${where} ORDER BY published_on, id`,
      params,
    );
    return rows.map((row) => JSON.parse(row.state) as Source);
  }
}
