import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  EventStore,
  ProjectionReadModel,
  ReadModelDatabase,
  SqlValue,
} from '@app/event-store';
import { InvalidInputError, PageInfo, pageInfoOf } from '@app/kernel';
import { RUN_PROJECTIONS } from '@app/platform';
import type { RecommendationState } from '../domain/recommendation.state';
import { Stage, STAGES } from '../domain/stage';
import { recommendationsProjection } from './recommendations.projection';

export interface RecommendationFilter {
  stage?: Stage | null;
  theme?: string | null;
  source?: string | null;
}

export interface RecommendationPage {
  items: { cursor: string; state: RecommendationState }[];
  pageInfo: PageInfo;
  totalCount: number;
}

const encodeCursor = (id: string): string => Buffer.from(`rec:${id}`).toString('base64url');

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('rec:'))
    throw new InvalidInputError('after', 'validCursor', 'after is not a cursor this API gave out');
  return decoded.slice(4);
}

/** Recommendations as listed and counted by the board, from the SQL read model. */
@Injectable()
export class RecommendationsReadModel extends ProjectionReadModel {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    database: ReadModelDatabase,
    @Inject(RUN_PROJECTIONS) runProjection: boolean,
  ) {
    super(store, database, recommendationsProjection, runProjection);
  }

  async list(
    filter: RecommendationFilter,
    first: number,
    after: string | null,
  ): Promise<RecommendationPage> {
    const conditions: string[] = [];
    const params: SqlValue[] = [];
    const where = (condition: string, value: string): void => {
      conditions.push(condition);
      params.push(value);
    };
    if (filter.stage) where('stage = ?', filter.stage);
    if (filter.theme) where('theme = ?', filter.theme);
    // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
    if (filter.source)
      where("lower(source) LIKE lower(?) ESCAPE '\\'", `%${escapeLike(filter.source)}%`);
    const whereClause = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const { count } = (await this.database.sql.get<{ count: number }>(
      `SELECT count(*) AS count FROM recommendations ${whereClause}`,
      params,
    ))!;
    const afterId = after ? decodeCursor(after) : null;
    const pageWhere = afterId
      ? `${whereClause ? `${whereClause} AND` : 'WHERE'} id > ?`
      : whereClause;
    const rows = await this.database.sql.all<{ id: string; state: string }>(
      `SELECT id, state FROM recommendations ${pageWhere} ORDER BY id LIMIT ?`,
      [...params, ...(afterId ? [afterId] : []), first + 1],
    );
    const items = rows.slice(0, first).map((row) => ({
      cursor: encodeCursor(row.id),
      state: JSON.parse(row.state) as RecommendationState,
    }));
    // Items precede the page when any that match are at or before the cursor's.
    const before = afterId
      ? await this.database.sql.get(
          `SELECT 1 AS found FROM recommendations ${whereClause ? `${whereClause} AND` : 'WHERE'} id <= ? LIMIT 1`,
          [...params, afterId],
        )
      : undefined;
    return {
      items,
      pageInfo: pageInfoOf(
        items.map((item) => item.cursor),
        { hasNextPage: rows.length > first, hasPreviousPage: before !== undefined },
      ),
      totalCount: count,
    };
  }

  /** Held until the read models move: the board's overview asks for it on every view. */
  stageCounts(): Promise<{ stage: Stage; count: number }[]> {
    return this.database.answer('recommendationStageCounts', async () => {
      const rows = await this.database.sql.all<{ stage: Stage; count: number }>(
        'SELECT stage, count(*) AS count FROM recommendations GROUP BY stage',
      );
      const counts = new Map(rows.map((row) => [row.stage, row.count]));
      return STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
    });
  }

  /** The recommendations whose links name this one (a few: links are made by hand). */
  async linkingTo(id: string): Promise<RecommendationState[]> {
    const rows = await this.database.sql.all<{ state: string }>(
      "SELECT state FROM recommendations WHERE state LIKE ? ESCAPE '\\' ORDER BY id",
      [`%"otherId":"${escapeLike(id)}"%`],
    );
    return rows
      .map((row) => JSON.parse(row.state) as RecommendationState)
      .filter((state) => (state.links ?? []).some((link) => link.otherId === id));
  }

  /** Every recommendation's id: the streams a time-travelling read folds. */
  async ids(): Promise<string[]> {
    const rows = await this.database.sql.all<{ id: string }>(
      'SELECT id FROM recommendations ORDER BY id',
    );
    return rows.map((row) => row.id);
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
